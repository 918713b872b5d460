import type { FastifyRequest } from 'fastify';

/**
 * Saved/done notices after a redirect (post, redirect, get): the form's handler redirects to `withNotice(path,
 * 'created')`, the page reads `noticeFrom(request, ['created', …])` and shows its own text for it. The query
 * names a notice, never its text, and a name the page does not know shows nothing.
 */
export function noticeFrom<K extends string>(request: FastifyRequest, known: readonly K[], param = 'saved'): K | undefined {
  // The one reader of the raw query: notices are read on pages whether or not their route has a query schema.
  const value = (request.query as Record<string, unknown> | undefined)?.[param];
  return typeof value === 'string' && (known as readonly string[]).includes(value) ? (value as K) : undefined;
}

/** `path` with the notice for the page to show (`?saved=<notice>`), after any query the path has, before its #anchor. */
export function withNotice(path: string, notice: string, param = 'saved'): string {
  const hash = path.indexOf('#');
  const [base, anchor] = hash === -1 ? [path, ''] : [path.slice(0, hash), path.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}${param}=${encodeURIComponent(notice)}${anchor}`;
}
