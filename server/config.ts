import { z } from 'zod';
import { PRODUCTION_HASH_COST, type PasswordHashCost } from './accounts/passwords.ts';
import type { PostgresConnection } from './db/connection.ts';

/**
 * The environment, parsed once. This is the only module that reads process.env
 * (main.ts and the scripts call loadConfig; tests build a Config themselves).
 */
const booleanish = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  // libpq's names for an external PostgreSQL without a URL: the password needs no encoding.
  PGHOST: z.string().min(1).optional(),
  PGPORT: z.coerce.number().int().min(1).max(65535).default(5432),
  PGUSER: z.string().min(1).optional(),
  PGPASSWORD: z.string().min(1).optional(),
  PGDATABASE: z.string().min(1).optional(),
  MEILI_URL: z.url({ protocol: /^https?$/ }).optional(),
  MEILI_MASTER_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z.url().optional(),
  TRUST_PROXY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  SEED_DEMO: booleanish.optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
  // 0 turns load shedding off (a drill about something else on a machine busy with other work).
  MAX_EVENT_LOOP_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .refine((ms) => ms === 0 || ms >= 10, 'must be 0 (off) or at least 10')
    .default(1_000),
  READYZ_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** An external PostgreSQL (DATABASE_URL or PGHOST…); none: the embedded one. */
  database?: PostgresConnection;
  meiliUrl?: string;
  meiliMasterKey?: string;
  sessionSecret?: string;
  /** Where users reach the portal: the base of every link it hands out. Required in production; otherwise the listening address. */
  publicUrl?: string;
  smtpUrl?: string;
  /** Fastify's trustProxy: false unless a proxy is configured (so X-Forwarded-For is ignored). */
  trustProxy: boolean | string;
  logLevel: string;
  /** Seed a small demo set when the database has no vacancies (default outside production). */
  seedDemo: boolean;
  /** Connections in the pg pool. */
  dbPoolSize: number;
  /** Postgres statement_timeout per connection: a runaway query is cancelled (57014) after this. */
  dbStatementTimeoutMs: number;
  /** Mean event-loop delay above which requests are shed with 503 + Retry-After. */
  maxEventLoopDelayMs: number;
  /** Months after which a closed mentee profile is deleted by the daily retention job. */
  retentionMonths: number;
  /** Lets a monitor outside the machine read /readyz's details (`Authorization: Bearer <token>`); loopback always may. */
  readyzToken?: string;
  /** How often the load is sampled (not from the environment; tests make it small). */
  overloadSampleIntervalMs: number;
  /** argon2id's cost for new password hashes (not from the environment: always the production cost; the tests lower it). */
  passwordHashCost: PasswordHashCost;
}

export class ConfigError extends Error {}

function inContainer(env: NodeJS.ProcessEnv): boolean {
  return env.container !== undefined || env.KUBERNETES_SERVICE_HOST !== undefined;
}

/** Parses the environment; a missing or malformed variable throws one line naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    // A secret (or a URL holding one) is never echoed into the log.
    const shown = SECRET_VARIABLES.has(name) ? 'value not shown' : `got "${String(env[name] ?? '')}"`;
    throw new ConfigError(`Configuration error: ${name} ${describe(issue.message)} (${shown})`);
  }
  const e = result.data;
  const database = databaseConnection(e);
  if (e.NODE_ENV === 'production') {
    if (!database) throw new ConfigError('Configuration error: DATABASE_URL or PGHOST is required when NODE_ENV=production');
    if ('host' in database && !database.password)
      throw new ConfigError('Configuration error: PGPASSWORD is required when NODE_ENV=production and PGHOST is set');
    // PUBLIC_URL: links in pages and e-mails are built from it, never from the request's Host header.
    for (const name of ['SESSION_SECRET', 'MEILI_URL', 'MEILI_MASTER_KEY', 'PUBLIC_URL'] as const) {
      if (!e[name]) throw new ConfigError(`Configuration error: ${name} is required when NODE_ENV=production`);
    }
  }
  if (e.MEILI_URL && !e.MEILI_MASTER_KEY) {
    throw new ConfigError('Configuration error: MEILI_MASTER_KEY is required when MEILI_URL is set');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (inContainer(env) ? '0.0.0.0' : '127.0.0.1'),
    dataDir: e.DATA_DIR,
    database,
    meiliUrl: e.MEILI_URL,
    meiliMasterKey: e.MEILI_MASTER_KEY,
    sessionSecret: e.SESSION_SECRET,
    publicUrl: e.PUBLIC_URL,
    smtpUrl: e.SMTP_URL,
    retentionMonths: e.RETENTION_MONTHS,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV !== 'production',
    dbPoolSize: e.DB_POOL_SIZE,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    readyzToken: e.READYZ_TOKEN,
    overloadSampleIntervalMs: 1_000,
    passwordHashCost: PRODUCTION_HASH_COST,
  };
}

const SECRET_VARIABLES = new Set(['DATABASE_URL', 'PGPASSWORD', 'MEILI_MASTER_KEY', 'SESSION_SECRET', 'SMTP_URL', 'READYZ_TOKEN']);

/**
 * DATABASE_URL as it is, or libpq's variables as the parts of one connection (the password
 * passed as it is, so any generated password works). DATABASE_URL wins, as it does for libpq.
 * Neither set: undefined, and the embedded PostgreSQL starts.
 */
function databaseConnection(e: Env): PostgresConnection | undefined {
  if (e.DATABASE_URL) return { connectionString: e.DATABASE_URL };
  const { PGHOST: host, PGPORT: port, PGUSER: user, PGPASSWORD: password, PGDATABASE: database } = e;
  if (!host) return undefined;
  if (!user) throw new ConfigError('Configuration error: PGUSER is required when PGHOST is set');
  if (!database) throw new ConfigError('Configuration error: PGDATABASE is required when PGHOST is set');
  return { host, port, user, password, database };
}

function describe(message: string): string {
  if (/expected .* received undefined/i.test(message)) return 'is missing';
  return `is invalid: ${message}`;
}

function parseTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  return value; // an address, CIDR list or hop count, as Fastify understands it
}
