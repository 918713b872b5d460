/**
 * Where a mentor goes back to after shortlisting or proposing: one of this mentee's own pages, never
 * anything else (no open redirect). The target is rebuilt from known parts (the page, the query
 * parameters that page reads, a card's anchor), so a value sent in a form field or a Referer can
 * choose among these pages but can carry nothing else along.
 */

/** The mentee's pages one can come back to, after `/mentor/mentees/<id>`, with the query parameters each keeps. */
const PAGES: Record<string, readonly string[]> = {
  '': [],
  '/matches': ['page'],
  '/shortlist': [],
  '/browse': ['q', 'page'],
};

/** A card on the match list (`match-<vacancy id>`) or on the shortlist (`item-<vacancy id>`). */
const ANCHOR = /^#(?:match|item)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ANCHOR_MAX = '#match-'.length + 36;
/** Longer than any address the pages above write (browse's `q` is at most 200 characters). */
const TARGET_MAX = 1000;

export interface ReturnTarget {
  /** Which of the mentee's pages: '' (the overview), '/matches', '/shortlist' or '/browse'. */
  page: string;
  /** The path with its kept query and anchor, e.g. `/mentor/mentees/<id>/matches?page=2#match-<vacancy id>`. */
  href: string;
  /** The same with a notice for the page to show (`?saved=<notice>`), anchor kept last. */
  withNotice(notice: string): string;
}

/**
 * The first candidate (a form's `returnTo`, then the Referer) that names a page of this mentee on the
 * portal's own origin (PUBLIC_URL, never the Host header), or undefined.
 */
export function returnTarget(publicUrl: string, menteeId: string, candidates: readonly unknown[]): ReturnTarget | undefined {
  const own = new URL(publicUrl);
  const base = `/mentor/mentees/${menteeId}`;
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || candidate === '' || candidate.length > TARGET_MAX) continue;
    let url: URL;
    try {
      url = new URL(candidate, own);
    } catch {
      continue;
    }
    if (url.origin !== own.origin || !url.pathname.startsWith(base)) continue;
    const page = url.pathname.slice(base.length);
    const kept = Object.hasOwn(PAGES, page) ? PAGES[page]! : undefined;
    if (!kept) continue;
    const params = new URLSearchParams();
    for (const name of kept) {
      const value = url.searchParams.get(name);
      if (value !== null && value !== '') params.set(name, value);
    }
    const hash = url.hash.length <= ANCHOR_MAX && ANCHOR.test(url.hash) ? url.hash : '';
    const build = (extra: URLSearchParams) => {
      const query = extra.toString();
      return `${base}${page}${query ? `?${query}` : ''}${hash}`;
    };
    return {
      page,
      href: build(params),
      withNotice(notice) {
        const withSaved = new URLSearchParams(params);
        withSaved.set('saved', notice);
        return build(withSaved);
      },
    };
  }
  return undefined;
}
