import { sql } from 'kysely';

/**
 * What every change to a vacancy or mentee row sets besides the change itself: the time, and a version one
 * higher. The index documents carry the version, so `npm run check:index` sees a document that missed a change.
 */
export const CHANGED = { updated_at: sql<Date>`now()`, version: sql<number>`version + 1` } as const;
