import type { FastifyRequest } from 'fastify';
import Handlebars from 'handlebars';
import { DEFAULT_LOCALE, LOCALE_INFO, type Locale } from '../i18n/index.ts';
import { jsonForScriptBlock } from './json-ld.ts';

/** Query parameters that never make a different page: the language (alternates carry it) and one-off notices. */
/** back: the search a vacancy page was opened from (its "back to search" link), not part of the page's identity. */
const NOT_CANONICAL = ['lang', 'notice', 'back'];

/** Search engines show about this many characters of a description. */
export const DESCRIPTION_LENGTH = 160;

const TRAILING = new Set([' ', ',', ';', ':', '.', '–', '-']);

/** Whitespace collapsed, cut at a word boundary to at most `max` characters with an ellipsis. */
export function shortDescription(text: string, max = DESCRIPTION_LENGTH): string {
  const flat = text
    .slice(0, max * 4)
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  let kept = lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut;
  // Trailing punctuation before the ellipsis, trimmed by a loop (a regex anchored at the end would be quadratic).
  while (kept.length > 0 && TRAILING.has(kept[kept.length - 1]!)) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/** Open Graph's locale form (de_DE), from the Intl locale without its extensions. */
function ogLocale(intl: string): string {
  return intl.split('-u-')[0]!.replace('-', '_');
}

export interface PageHeadInput {
  title: string;
  description: string;
  /** 'website' for pages, 'article' for a vacancy. */
  type?: 'website' | 'article';
  /** A schema.org object for the page's JSON-LD data block. */
  jsonLd?: object;
  /** The languages the page is really written in, when fewer than its language menu offers (Leichte Sprache: German and English). */
  languages?: readonly Locale[];
}

/**
 * What the layout puts in <head> for a public page (views/layouts/main.hbs, `head`): the canonical
 * URL (the public URL, never the Host header), one hreflang alternate per language the page speaks
 * plus x-default, the meta description, Open Graph and the JSON-LD data block. Each language
 * version is its own canonical page (as search engines ask when hreflang is used): German at the
 * plain address, which is also x-default, the others with ?lang=. The canonical follows the address,
 * not the language the plain address happened to answer in.
 */
export function pageHead(request: FastifyRequest, publicUrl: string, input: PageHeadInput) {
  const url = new URL(request.url, 'http://localhost');
  for (const name of NOT_CANONICAL) url.searchParams.delete(name);
  const plain = `${publicUrl}${url.pathname}${url.search}`;
  const inLanguage = (code: Locale) => {
    if (code === DEFAULT_LOCALE) return plain;
    const alternate = new URL(plain);
    alternate.searchParams.set('lang', code);
    return alternate.toString();
  };
  // The canonical is a property of the address, never of the request's headers: the plain address is the German
  // page (and x-default) even when it answered a phone set to Arabic or a browser in English in their language
  // (Accept-Language or the language cookie), which it does so a mentee never has to find the switcher first.
  // Naming `?lang=en` there told crawlers the plain address was a duplicate of its own alternate (Lighthouse:
  // "Points to another hreflang location"). Only a language chosen in the address (`?lang=`) makes its own page.
  const canonical = inLanguage(request.localeAsked ? request.locale : DEFAULT_LOCALE);
  const description = shortDescription(input.description);
  return {
    canonical,
    alternates: [
      ...(input.languages ?? request.pageLocales()).map((locale) => ({ hreflang: LOCALE_INFO[locale].code, href: inLanguage(locale) })),
      { hreflang: 'x-default', href: plain },
    ],
    description,
    og: {
      title: input.title,
      description,
      type: input.type ?? 'website',
      url: canonical,
      locale: ogLocale(LOCALE_INFO[request.locale].intl),
      siteName: request.t('site.name'),
    },
    // Output as is by the layout: jsonForScriptBlock leaves no <, > or & in it (see json-ld.ts).
    jsonLd: input.jsonLd ? new Handlebars.SafeString(jsonForScriptBlock(input.jsonLd)) : undefined,
  };
}
