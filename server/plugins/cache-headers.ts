import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Paths whose URL is itself the key (a share link, an invitation) or that hold a half-finished login:
 * nothing on them may be kept, even for a visitor who is not signed in.
 */
const CAPABILITY_PREFIXES = ['/s/', '/invitations/', '/login/two-factor'] as const;

/** What a non-static answer depends on besides its URL: page or JSON, and the language. */
const VARY = ['Accept', 'Accept-Language', 'Cookie'] as const;
const VARY_HEADER = VARY.join(', ');

const isStatic = (request: FastifyRequest) => request.url.startsWith('/static/');

/** Answers that must not stay in any cache: everything a signed-in account sees, and capability URLs. */
function mustNotBeStored(request: FastifyRequest): boolean {
  if (request.account || request.sessionId) return true;
  return CAPABILITY_PREFIXES.some((prefix) => request.url.startsWith(prefix));
}

/** Adds VARY's fields to Vary, keeping the fields another hook set (e.g. Vary: Accept-Encoding) and naming none twice. */
function addVary(reply: FastifyReply): void {
  const current = reply.getHeader('vary');
  // Most answers have no Vary yet: one constant header, nothing to split.
  if (current === undefined) {
    reply.header('vary', VARY_HEADER);
    return;
  }
  const fields = (Array.isArray(current) ? current.join(',') : String(current))
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.includes('*')) return;
  const present = new Set(fields.map((f) => f.toLowerCase()));
  const missing = VARY.filter((field) => !present.has(field.toLowerCase()));
  if (missing.length > 0) reply.header('vary', [...fields, ...missing].join(', '));
}

/**
 * What caches may keep, decided in one place for every route:
 * - `Cache-Control: no-store` on every answer to a signed-in request (mentees, shortlists, introductions, the
 *   employer's card, account pages: personal data a shared cache or the browser's history must not keep) and on
 *   capability URLs. A route that chose `no-store` itself (e.g. `private, no-store`) keeps its value.
 * - `Vary: Accept, Accept-Language, Cookie` on every answer but static files: routes answer a page or JSON for the
 *   same URL by the Accept header, and speak the visitor's language by Accept-Language or the language cookie
 *   (server/plugins/i18n.ts), so a cache must keep those answers apart.
 * Public pages for anonymous visitors (vacancies, search) stay cacheable; static files keep their own caching.
 */
export default fp(
  async (app) => {
    // A callback hook (no promise per request): this runs on every answer.
    app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      if (!isStatic(request)) {
        addVary(reply);
        const current = reply.getHeader('cache-control');
        if (mustNotBeStored(request) && !(typeof current === 'string' && current.includes('no-store')))
          reply.header('cache-control', 'no-store');
      }
      done(null, payload);
    });
  },
  { name: 'cache-headers', dependencies: ['auth'] },
);
