import { Meilisearch, MeilisearchApiError } from 'meilisearch';
import type { SearchLimiter } from './limiter.ts';

/**
 * A Meilisearch client that asks for uncompressed answers: with compression
 * Meilisearch sends headers and body in two packets and the body waits for a
 * delayed ACK (~40 ms per request from Node's fetch). See docs/design.md §5.
 *
 * With a limiter (the search clients of the match page and the public search),
 * every request waits for a free slot first (search/limiter.ts).
 */
export function createMeiliClient(host: string, apiKey: string, timeoutMs = 5_000, limiter?: SearchLimiter): Meilisearch {
  return new Meilisearch({
    host,
    apiKey,
    timeout: timeoutMs,
    requestInit: { headers: { 'Accept-Encoding': 'identity' } },
    ...(limiter ? { httpClient: (url: string | URL | Request, init?: RequestInit) => limiter.run(() => send(url, init)) } : {}),
  });
}

/** What meilisearch-js does with its own fetch: the parsed answer, or MeilisearchApiError for an error status. */
async function send(url: string | URL | Request, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  const text = await response.text();
  const body: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) throw new MeilisearchApiError(response, body as ConstructorParameters<typeof MeilisearchApiError>[1]);
  return body;
}
