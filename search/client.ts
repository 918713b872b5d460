import { Meilisearch } from 'meilisearch';

/**
 * A Meilisearch client that asks for uncompressed answers: with compression
 * Meilisearch sends headers and body in two packets and the body waits for a
 * delayed ACK (~40 ms per request from Node's fetch). See docs/design.md §5.
 */
export function createMeiliClient(host: string, apiKey: string, timeoutMs = 5_000): Meilisearch {
  return new Meilisearch({
    host,
    apiKey,
    timeout: timeoutMs,
    requestInit: { headers: { 'Accept-Encoding': 'identity' } },
  });
}
