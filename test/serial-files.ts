import path from 'node:path';

/**
 * Files that must not share a database or a Meilisearch with the other integration files: files that stop services,
 * kill processes or start whole portals and time what they see, and files that compare a whole index with whole
 * tables (rows another file left behind, made or expired in an order that differs from run to run, would change what
 * they count). They run in the integration workers like any file, but against services no other file writes to:
 * each worker's serial database and Meilisearch (`testServices()`, test/helpers/services.ts; test/global-setup.ts).
 * A folder ends with a slash.
 */
const SERIAL = ['test/drills/', 'test/cli/', 'test/search/check-index.test.ts', 'test/search/index-batches.test.ts'];

/** The repository's root, which the names above are relative to. */
const ROOT = path.resolve(import.meta.dirname, '..');

/** Whether a test file (a path relative to the root, or absolute) is one of the serial files. */
export function isSerialFile(file: string): boolean {
  const relative = path.relative(ROOT, path.resolve(ROOT, file)).split(path.sep).join('/');
  return SERIAL.some((name) => (name.endsWith('/') ? relative.startsWith(name) : relative === name));
}
