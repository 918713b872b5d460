import fp from 'fastify-plugin';

/** Deeper than any body the portal accepts (its deepest, a mentee's experience rows, is 3 levels). */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a parsed JSON value holds objects or arrays nested deeper than `limit`. Walks with its own
 * stack, never by recursion: the value may be nested as deep as 256 KiB of `[` allow (about 260,000).
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/**
 * JSON bodies as Fastify parses them (prototype poisoning refused), and refused with 400 when nested
 * deeper than MAX_JSON_DEPTH. JSON.parse reads `[[[[…]]]]` 5,000 deep without trouble, but what comes
 * after recurses once per level (String() of a nested array, zod's coercion, a template): the stack
 * overflowed and the client got a 500. One check here covers every route that reads a body.
 */
export default fp(
  async (app) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    // parseAs 'string': the body arrives as a string (String() only narrows the type).
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      parseJson(request, String(body), (error, value) => {
        if (error) return done(error, undefined);
        if (nestedDeeperThan(value, MAX_JSON_DEPTH)) {
          return done(
            Object.assign(new Error(`JSON body nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400, code: 'JSON_TOO_DEEP' }),
            undefined,
          );
        }
        done(null, value);
      });
    });
  },
  { name: 'json-body' },
);
