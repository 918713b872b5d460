import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { sitemapChunkStarts, sitemapVacanciesFrom } from './queries.ts';

/** The sitemap protocol's limit of URLs per file; past it, /sitemap.xml becomes an index of chunks. */
export const SITEMAP_MAX_URLS = 50_000;

/** Rows read per statement while a chunk is written. */
const PAGE_ROWS = 1_000;

/** The public pages besides the vacancies, in the order a visitor meets them. */
export const PUBLIC_PAGES = [
  '/',
  '/vacancies',
  '/mentoring',
  '/leichte-sprache',
  '/about',
  '/accessibility',
  '/imprint',
  '/privacy',
] as const;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';

/** Ids are UUIDs and paths are ours, but a URL in XML is escaped all the same (PUBLIC_URL may hold an &). */
function xmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function urlEntry(loc: string, lastmod?: Date): string {
  return `<url><loc>${xmlText(loc)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}</url>`;
}

export type SitemapAnswer = { kind: 'xml'; xml: string } | { kind: 'missing' };

/**
 * Builds the sitemap files. `/sitemap.xml` is one urlset while pages and vacancies fit in
 * `chunkSize` URLs; beyond that it is a sitemap index of `/sitemap-pages.xml` and
 * `/sitemap-vacancies-<n>.xml` (n from 1), each chunk `chunkSize` vacancies in id order.
 */
export class SitemapBuilder {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly chunkSize = SITEMAP_MAX_URLS,
  ) {}

  async root(publicUrl: string, today: string): Promise<string> {
    const { starts, total } = await sitemapChunkStarts(this.db, today, this.chunkSize);
    if (total + PUBLIC_PAGES.length <= this.chunkSize) {
      const vacancies = await this.vacancies(publicUrl, today, null, this.chunkSize);
      return `${XML_HEAD}<urlset ${NS}>\n${[...this.pageEntries(publicUrl), ...vacancies].join('\n')}\n</urlset>\n`;
    }
    const files = ['/sitemap-pages.xml', ...starts.map((_, i) => `/sitemap-vacancies-${i + 1}.xml`)];
    const entries = files.map((file) => `<sitemap><loc>${xmlText(publicUrl + file)}</loc></sitemap>`);
    return `${XML_HEAD}<sitemapindex ${NS}>\n${entries.join('\n')}\n</sitemapindex>\n`;
  }

  pages(publicUrl: string): string {
    return `${XML_HEAD}<urlset ${NS}>\n${this.pageEntries(publicUrl).join('\n')}\n</urlset>\n`;
  }

  /** Chunk n (from 1), or undefined when there is no such chunk. */
  async chunk(publicUrl: string, today: string, n: number): Promise<string | undefined> {
    const { starts } = await sitemapChunkStarts(this.db, today, this.chunkSize);
    const start = starts[n - 1];
    if (start === undefined) return undefined;
    const entries = await this.vacancies(publicUrl, today, { id: start, inclusive: true }, this.chunkSize);
    return `${XML_HEAD}<urlset ${NS}>\n${entries.join('\n')}\n</urlset>\n`;
  }

  private pageEntries(publicUrl: string): string[] {
    return PUBLIC_PAGES.map((path) => urlEntry(publicUrl + path));
  }

  /** Up to `limit` vacancy entries from `from`, read PAGE_ROWS at a time. */
  private async vacancies(
    publicUrl: string,
    today: string,
    from: { id: string; inclusive: boolean } | null,
    limit: number,
  ): Promise<string[]> {
    const entries: string[] = [];
    let next = from;
    while (entries.length < limit) {
      const wanted = Math.min(PAGE_ROWS, limit - entries.length);
      const rows = await sitemapVacanciesFrom(this.db, today, next, wanted);
      for (const row of rows) entries.push(urlEntry(`${publicUrl}/vacancies/${row.id}`, row.updated_at));
      if (rows.length < wanted) break;
      next = { id: rows[rows.length - 1]!.id, inclusive: false };
    }
    return entries;
  }
}
