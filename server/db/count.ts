import { sql, type SelectQueryBuilder } from 'kysely';

/**
 * How many rows the query (which selects nothing of its own) finds. PostgreSQL's count(*) is a bigint, which pg hands over as a string
 * (it may not fit a JavaScript number); the counts asked here do, so it becomes a number once, here.
 */
export async function countRows<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  const row = await query
    .select(sql<string>`count(*)`.as('n'))
    // The selection of a query generic in its tables is not spelled out by the compiler; it is this one column.
    .$castTo<{ n: string }>()
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
