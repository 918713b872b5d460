/**
 * How to reach PostgreSQL, in pg's own option names so it spreads straight into a pool's
 * options: a connection URL (DATABASE_URL), or its parts (PGHOST, PGPORT, PGUSER, PGPASSWORD,
 * PGDATABASE; the embedded PostgreSQL). The parts carry the password as it is: it is never
 * spliced into a URL, where a generated one with `/`, `+`, `@` or `:` would need encoding.
 */
export type PostgresConnection =
  { connectionString: string } | { host: string; port: number; user: string; password?: string; database: string };
