import type { FastifyRequest } from 'fastify';
import type { Criterion } from '../../search/match-explain.ts';
import type { OccupationLookup } from '../../search/matching.ts';
import type { GermanLevel } from '../domain.ts';
import { occupationName } from '../occupations/catalogue.ts';
import { COURSE_WEEKS_WITHOUT_START } from '../../search/german-course-rules.ts';

/**
 * Criteria as people read them: one sentence per line in the request's
 * language ("German B1, vacancy asks A2"; "18 km, travels up to 25 km"),
 * with the raw values kept beside it for JSON clients.
 */
/** A line as shown: the sentence, and for some lines what would close the gap (a hint and a public page to go on with). */
export interface PresentedCriterion {
  name: string;
  status: string;
  detail: string;
  values: Criterion['detail'];
  hint?: string;
  link?: { href: string; label: string };
}

export interface Presenter {
  number(value: number, digits?: number): string;
  occupation(code: unknown): string;
  criterion(criterion: Criterion): PresentedCriterion;
  statusLabel(status: string): string;
  germanLevel(level: GermanLevel): string;
}

/** Number formats by locale and digits, made once per process: making an Intl.NumberFormat costs more than using it. */
const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(
      locale,
      digits === 2 ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumFractionDigits: digits },
    );
    formats.set(key, format);
  }
  return format;
}

export function presenter(request: FastifyRequest, occupations: OccupationLookup): Presenter {
  const locale = request.locale === 'en' ? 'en-GB' : 'de-DE';
  const number = (value: number, digits = 1) => numberFormat(locale, digits).format(value);
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
      case 'german': {
        const levels = { mentee: germanLevel(d.mentee as GermanLevel), required: germanLevel(d.required as GermanLevel) };
        if (typeof d.course !== 'string') return t(`german.${c.status}`, levels);
        // A course that ends in time: "B1 voraussichtlich ab 03/2027".
        const [year, month] = String(d.expected).split('-');
        const expected = request.t('matchHints.courseExpected', { level: d.course, month: `${month}/${year}` });
        return t(`german.course_${String(d.rule)}`, { ...levels, expected, weeks: COURSE_WEEKS_WITHOUT_START });
      }
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
      case 'qualification':
        return t(`qualification.${String(d.reason)}`, { law: String(d.law ?? '') });
      case 'workPermit':
        // One line from search/work-permit-rules.ts, with the provisions it rests on.
        return t('workPermit.line', {
          line: request.t(`matchHints.workPermit.${String(d.value)}.${String(d.kind)}`),
          source: String(d.source),
        });
    }
  };

  /** What would close the gap: a German course, recognition (with the finder that names the authority); added to `line`. */
  const addNextStep = (c: Criterion, line: PresentedCriterion): PresentedCriterion => {
    const d = c.detail;
    if (c.name === 'german' && c.status === 'stretched' && typeof d.courseUrl === 'string') {
      line.hint = request.t('matchHints.germanNeeded', { level: germanLevel(d.required as GermanLevel) });
      line.link = { href: d.courseUrl, label: request.t('matchHints.germanCourses') };
    } else if (c.name === 'qualification' && d.reason === 'regulated_missing') {
      line.hint = request.t('matchHints.apprenticeshipPath');
    } else if (c.name === 'qualification' && typeof d.finderUrl === 'string') {
      line.hint = request.t(`matchHints.${d.reason === 'regulated_pending' ? 'recognitionPending' : 'recognitionNeeded'}`);
      line.link = { href: d.finderUrl, label: request.t('matchHints.recognitionFinder') };
    }
    return line;
  };

  // A page shows about 120 criteria lines with a handful of statuses: each status's label is looked up once.
  const statusLabels = new Map<string, string>();
  const statusLabel = (status: string) => {
    let label = statusLabels.get(status);
    if (label === undefined) statusLabels.set(status, (label = request.t(`matching.status.${status}`)));
    return label;
  };

  return {
    number,
    occupation,
    germanLevel,
    statusLabel,
    criterion: (c) => addNextStep(c, { name: c.name, status: c.status, detail: sentence(c), values: c.detail }),
  };
}
