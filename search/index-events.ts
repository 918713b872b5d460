/**
 * In-process notice that an index's documents changed (outbox push, reindex,
 * drift repair), so caches of search answers can be dropped at once. Other
 * app instances notice through the index's updatedAt (see server/plugins/search.ts).
 */
type Listener = (indexName: string) => void;
const listeners = new Set<Listener>();

export function onIndexChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function indexChanged(indexName: string): void {
  for (const listener of listeners) listener(indexName);
}
