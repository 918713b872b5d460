import { Meilisearch } from 'meilisearch';
import type { SearchLimiter } from './limiter.ts';

/**
 * A Meilisearch client that asks for uncompressed answers: with compression
 * Meilisearch sends headers and body in two packets and the body waits for a
 * delayed ACK (~40 ms per request from Node's fetch). See docs/design.md §5.
 *
 * With a limiter (the search clients of the match page and the public search),
 * every search and document read waits for a free slot first (search/limiter.ts).
 */
export function createMeiliClient(host: string, apiKey: string, timeoutMs = 5_000, limiter?: SearchLimiter): Meilisearch {
  const client = new Meilisearch({
    host,
    apiKey,
    timeout: timeoutMs,
    requestInit: { headers: { 'Accept-Encoding': 'identity' } },
  });
  return limiter ? limited(client, limiter) : client;
}

/** The requests of a search client that reach Meilisearch's search threads. */
const CLIENT_CALLS = new Set<PropertyKey>(['multiSearch']);
const INDEX_CALLS = new Set<PropertyKey>(['search', 'searchGet', 'getDocument', 'getDocuments']);

/**
 * The client with its searches run through the limiter. A wrapper of the calls rather than
 * meilisearch-js's `httpClient` option: with that, every error (a 404, an "attribute unknown"
 * 400) comes back wrapped in a request error, and callers that tell them apart could not. The
 * request timeout starts when the search leaves the line, so a wait never counts as a dead node.
 */
function limited(client: Meilisearch, limiter: SearchLimiter): Meilisearch {
  // Methods are called on the real objects: meilisearch-js keeps its state in private fields.
  const through = <T extends object>(target: T, calls: Set<PropertyKey>, wrap?: (prop: PropertyKey, value: unknown) => unknown) =>
    new Proxy(target, {
      get(object, prop) {
        const value: unknown = Reflect.get(object, prop, object);
        if (typeof value !== 'function') return value;
        if (calls.has(prop))
          return (...args: unknown[]) => limiter.run(() => (value as (...a: unknown[]) => Promise<unknown>).apply(object, args));
        if (wrap) return (...args: unknown[]) => wrap(prop, (value as (...a: unknown[]) => unknown).apply(object, args));
        return (value as (...a: unknown[]) => unknown).bind(object);
      },
    });
  return through(client, CLIENT_CALLS, (prop, result) => (prop === 'index' ? through(result as object, INDEX_CALLS) : result));
}
