import { sql, type RawBuilder } from 'kysely';
import type { Database } from './database.ts';

/**
 * For `ON CONFLICT … DO UPDATE SET`: each named column of the table takes the value the refused insert
 * brought (`excluded.<column>`), so a reference list loaded at start (occupations, places, projects) brings
 * existing rows up to the file. The table is named only for the compiler to check the columns; the values
 * are typed `never` so they fit every column's update type.
 */
export function takeExcluded<T extends keyof Database, C extends keyof Database[T] & string>(
  _table: T,
  columns: readonly C[],
): Record<C, RawBuilder<never>> {
  return Object.fromEntries(columns.map((column) => [column, sql<never>`${sql.ref(`excluded.${column}`)}`])) as Record<
    C,
    RawBuilder<never>
  >;
}
