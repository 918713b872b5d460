import type { FastifyRequest } from 'fastify';
import type { Criterion } from '../../search/match-explain.ts';
import type { OccupationLookup } from '../../search/matching.ts';
import type { GermanLevel } from '../domain.ts';
import { occupationName } from '../occupations/catalogue.ts';

/**
 * Criteria as people read them: one sentence per line in the request's
 * language ("German B1, vacancy asks A2"; "18 km, travels up to 25 km"),
 * with the raw values kept beside it for JSON clients.
 */
export interface Presenter {
  number(value: number, digits?: number): string;
  occupation(code: unknown): string;
  criterion(criterion: Criterion): { name: string; status: string; detail: string; values: Criterion['detail'] };
  statusLabel(status: string): string;
  germanLevel(level: GermanLevel): string;
}

export function presenter(request: FastifyRequest, occupations: OccupationLookup): Presenter {
  const locale = request.locale === 'en' ? 'en-GB' : 'de-DE';
  const formats = new Map<number, Intl.NumberFormat>();
  const number = (value: number, digits = 1) => {
    let format = formats.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(
        locale,
        digits === 2 ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumFractionDigits: digits },
      );
      formats.set(digits, format);
    }
    return format.format(value);
  };
  const occupation = (code: unknown) => {
    const names = typeof code === 'string' ? occupations.get(code) : undefined;
    if (!names) return String(code ?? '');
    return occupationName(code as string, request.locale);
  };
  const germanLevel = (level: GermanLevel) => (level === 'none' ? request.t('matching.values.noGerman') : level);
  const t = (key: string, vars: Record<string, unknown> = {}) => request.t(`matching.criteria.${key}`, vars);

  const sentence = (c: Criterion): string => {
    const d = c.detail;
    switch (c.name) {
      case 'occupation':
        return t(`occupation.${String(d.kind)}`, {
          occupation: occupation(d.code),
          related: occupation(d.related),
          years: typeof d.years === 'number' ? number(d.years) : '',
          textScore: typeof d.textScore === 'number' ? number(d.textScore, 2) : '',
        });
      case 'kind':
        return t(`kind.${c.status}`, { kind: request.t(`values.kind.${String(d.kind)}`) });
      case 'distance':
        return t(`distance.${c.status}`, {
          km: number(Number(d.km)),
          travelKm: number(Number(d.travelKm)),
          stretchKm: number(Number(d.stretchKm)),
        });
      case 'german':
        return t(`german.${c.status}`, { mentee: germanLevel(d.mentee as GermanLevel), required: germanLevel(d.required as GermanLevel) });
      case 'workingTime': {
        const variant = c.status === 'met' && d.mentee === 'part' && d.vacancy === 'full' ? 'partTimeTraining' : c.status;
        const sentence = t(`workingTime.${variant}`, {
          mentee: request.t(`matching.values.workingTime.${String(d.mentee)}`),
          vacancy: request.t(`matching.values.workingTime.${String(d.vacancy)}`),
        });
        // Hours matter to someone who wishes part-time: the sentence says how many the vacancy means.
        return d.mentee === 'part' && typeof d.weeklyHours === 'number'
          ? `${sentence} ${t('workingTime.weeklyHours', { hours: number(d.weeklyHours) })}`
          : sentence;
      }
      case 'drivingLicence':
        return t(`drivingLicence.${c.status}`);
      case 'qualification': {
        const variant = c.status === 'not_needed' ? 'not_needed' : `${String(d.required)}_${c.status}`;
        return t(`qualification.${variant}`, { has: request.t(`matching.values.qualification.${String(d.has)}`) });
      }
      case 'workPermit':
        return t(`workPermit.${c.status}`, { value: request.t(`matching.values.workPermit.${String(d.value)}`) });
    }
  };

  return {
    number,
    occupation,
    germanLevel,
    statusLabel: (status) => request.t(`matching.status.${status}`),
    criterion: (c) => ({ name: c.name, status: c.status, detail: sentence(c), values: c.detail }),
  };
}
