import { messageKeys, translate, type Locale } from '../i18n/index.ts';

/**
 * The Leichte Sprache page (BITV 2.0 §4): what the portal offers, how to find one's way, what the
 * accessibility statement says, and where to ask for help. The words live in views/locales/<de|en>/easy-read.json,
 * one sentence per message (Leichte Sprache starts every sentence on a new line); the order of the sections
 * and where their links go live here.
 */
const SECTIONS: readonly { id: string; href?: string; email?: boolean }[] = [
  { id: 'about', href: '/vacancies' },
  { id: 'mentoring', href: '/mentoring' },
  { id: 'menu' },
  { id: 'languages' },
  { id: 'accessibility', href: '/accessibility' },
  { id: 'help', email: true },
];

/** The languages the page is written in: German Leichte Sprache, and English Easy Read for whoever asks for English. */
export type EasyReadLocale = Extract<Locale, 'de' | 'en'>;

export function easyReadLocale(locale: Locale, asked: boolean): EasyReadLocale {
  return asked && locale === 'en' ? 'en' : 'de';
}

/** The page's sections, each sentence its own line; the numbered messages keep the catalogue's order. */
export function easyReadSections(locale: EasyReadLocale) {
  const keys = messageKeys(locale);
  const lines = (prefix: string) => keys.filter((key) => key.startsWith(prefix)).map((key) => translate(locale, key));
  return SECTIONS.map(({ id, href, email }) => {
    const base = `easyRead.sections.${id}`;
    return {
      id,
      heading: translate(locale, `${base}.heading`),
      lines: lines(`${base}.lines.`),
      items: lines(`${base}.items.`),
      after: lines(`${base}.after.`),
      link: href ? { href, text: translate(locale, `${base}.link`) } : undefined,
      email: email
        ? { label: translate(locale, `${base}.email`), address: translate(locale, 'legal.operator.accessibilityEmail') }
        : undefined,
    };
  });
}
