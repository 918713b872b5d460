import type { HelperOptions } from 'handlebars';
import type HandlebarsNamespace from 'handlebars';
import { LOCALE_INFO, translate, translatePlural, type Locale } from '../i18n/index.ts';
import { berlinFormat } from '../time/berlin.ts';

type Root = { locale?: Locale };

function rootOf(options: HelperOptions): Root {
  return (options.data?.root ?? {}) as Root;
}

/** Template helpers. Everything they return is escaped by Handlebars unless it is a SafeString (datalist and tb, which escape every value themselves). */
/** Intl formatters, built once per locale and kind (building one costs more than using it). */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, build: () => T): T {
  let found = formatters.get(key) as T | undefined;
  if (!found) formatters.set(key, (found = build()));
  return found;
}
const tag = (locale: Locale | undefined) => LOCALE_INFO[locale ?? 'de'].intl;

export function registerHelpers(hbs: typeof HandlebarsNamespace): void {
  hbs.registerHelper('t', function (key: string, options: HelperOptions) {
    return translate(rootOf(options).locale ?? 'de', key, options.hash as Record<string, unknown>);
  });
  /** A counted message: {{tn "search.count" result.total first=… }} picks the language's plural form for the count. */
  hbs.registerHelper('tn', function (key: string, count: unknown, options: HelperOptions) {
    return translatePlural(rootOf(options).locale ?? 'de', key, Number(count) || 0, options.hash as Record<string, unknown>);
  });
  /** A translated label for an enumerated value: {{label "kind" vacancy.kind}} -> t("values.kind.job"). */
  hbs.registerHelper('label', function (group: string, value: unknown, options: HelperOptions) {
    if (value === null || value === undefined || value === '') return '';
    return translate(rootOf(options).locale ?? 'de', `values.${group}.${String(value)}`);
  });
  hbs.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
  hbs.registerHelper('array', (...args: unknown[]) => args.slice(0, -1));
  /**
   * A <datalist> of reference data (towns, occupations): built once per list and id, every value
   * escaped here, because rendering ~800 options on every page was most of a page's cost.
   */
  const datalists = new WeakMap<object, Map<string, HandlebarsNamespace.SafeString>>();
  hbs.registerHelper('datalist', (id: string, items: unknown) => {
    if (!Array.isArray(items)) return '';
    let byId = datalists.get(items);
    if (!byId) datalists.set(items, (byId = new Map()));
    let html = byId.get(id);
    if (!html) {
      const options = items.map((item) => `<option value="${hbs.escapeExpression(String(item))}"></option>`).join('');
      html = new hbs.SafeString(`<datalist id="${hbs.escapeExpression(id)}">${options}</datalist>`);
      byId.set(id, html);
    }
    return html;
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => String(a) === String(b));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('includes', (list: unknown, value: unknown) =>
    Array.isArray(list) ? list.map(String).includes(String(value)) : list !== undefined && list !== null && String(list) === String(value),
  );
  hbs.registerHelper('date', function (value: unknown, options: HelperOptions) {
    if (!value) return '';
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) return String(value);
    const locale = tag(rootOf(options).locale);
    return berlinFormat(locale, { dateStyle: 'medium' }).format(date);
  });
  hbs.registerHelper('datetime', function (value: unknown, options: HelperOptions) {
    if (!value) return '';
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) return String(value);
    const locale = tag(rootOf(options).locale);
    return berlinFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  });
  /** A number as the page's language writes it; numeric text (a NUMERIC column) counts, anything else shows nothing. */
  hbs.registerHelper('number', function (value: unknown, options: HelperOptions) {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) return '';
    const locale = tag(rootOf(options).locale);
    return formatter(`number ${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })).format(n);
  });
  /**
   * A distance in kilometres as the page's language writes it, unit included ("25 km", "25 كم",
   * "25 کیلومتر"): a number with a Latin "km" after it read "km 25" in a right-to-left option.
   */
  hbs.registerHelper('distance', function (value: unknown, options: HelperOptions) {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) return '';
    const locale = tag(rootOf(options).locale);
    return formatter(
      `distance ${locale}`,
      () => new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilometer', unitDisplay: 'short', maximumFractionDigits: 1 }),
    ).format(n);
  });
  /**
   * A message whose placeholder values are isolated, each in its own <bdi>: a German town, a level
   * like "A2" or a number keeps its own direction inside an Arabic or Persian sentence instead of
   * reordering the words around it. Message text and values are both escaped here, so the
   * SafeString holds no markup but the <bdi> tags. {{tb "mentoring.nearestHeading" town=town}}
   */
  hbs.registerHelper('tb', function (key: string, options: HelperOptions) {
    const vars = options.hash as Record<string, unknown>;
    // Without vars, translate leaves every {name} in place for the split below.
    const parts = translate(rootOf(options).locale ?? 'de', key).split(/\{(\w+)\}/);
    const html = parts
      .map((part, i) => {
        if (i % 2 === 0) return hbs.escapeExpression(part);
        const value = vars[part];
        return value === undefined || value === null
          ? hbs.escapeExpression(`{${part}}`)
          : `<bdi>${hbs.escapeExpression(String(value))}</bdi>`;
      })
      .join('');
    return new hbs.SafeString(html);
  });
  /** Joins an id for aria-describedby from the parts that exist. */
  hbs.registerHelper('describedBy', (...args: unknown[]) => args.slice(0, -1).filter(Boolean).join(' ') || undefined);
  hbs.registerHelper('concat', (...args: unknown[]) =>
    args
      .slice(0, -1)
      .map((a) => (a === undefined || a === null ? '' : String(a)))
      .join(''),
  );
}
