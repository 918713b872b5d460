import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { parse as parseQueryString } from 'node:querystring';
import type { Config } from './config.ts';
import { setPasswordHashCost } from './accounts/passwords.ts';
import type { PostgresConnection } from './db/connection.ts';
import accountRoutes from './accounts/routes.ts';
import twoFactorEnforcement from './accounts/two-factor-enforcement.ts';
import registrationRoutes from './accounts/registration-routes.ts';
import passwordResetRoutes from './accounts/password-reset-routes.ts';
import accountPageRoutes from './accounts/account-routes.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './accounts/service.ts';
import apiRoutes from './api/routes.ts';
import healthRoutes from './health/routes.ts';
import mailboxRoutes from './mail/routes.ts';
import authPlugin from './plugins/auth.ts';
import databasePlugin from './plugins/database.ts';
import errorsPlugin, { rerouteFrameworkError } from './plugins/errors.ts';
import { publicUrlResolver } from './http/public-url.ts';
import i18nPlugin from './plugins/i18n.ts';
import jsonBodyPlugin from './plugins/json-body.ts';
import cacheHeadersPlugin from './plugins/cache-headers.ts';
import jobsPlugin from './plugins/jobs.ts';
import mailPlugin from './plugins/mail.ts';
import overloadPlugin from './plugins/overload.ts';
import schemaPlugin from './plugins/schema.ts';
import securityHeadersPlugin from './plugins/security-headers.ts';
import searchPlugin from './plugins/search.ts';
import viewsPlugin from './plugins/views.ts';
import employerVacancyRoutes from './vacancies/employer-routes.ts';
import invitationRoutes from './invitations/routes.ts';
import projectRoutes from './projects/routes.ts';
import menteeRoutes from './mentees/routes.ts';
import matchRoutes from './matches/routes.ts';
import shortlistRoutes from './shortlists/routes.ts';
import followUpRoutes from './follow-ups/routes.ts';
import newMatchesPlugin from './new-matches/plugin.ts';
import matchListsPlugin from './matches/plugin.ts';
import mentorIntroductionRoutes from './introductions/mentor-routes.ts';
import employerIntroductionRoutes from './introductions/employer-routes.ts';
import figuresRoutes from './figures/routes.ts';
import adminRoutes from './admin/routes.ts';
import lifecycleRoutes from './lifecycle/routes.ts';
import legalRoutes from './legal/routes.ts';
import publicVacancyRoutes from './vacancies/public-routes.ts';
import seoRoutes from './seo/routes.ts';

/** Where the running services are (embedded or external), as resolved by server/embedded. */
export interface ServiceLocations {
  database: PostgresConnection;
  meiliUrl: string;
  meiliMasterKey: string;
  sessionSecret: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Where users reach the portal, without a trailing slash: the base of every link it hands out (see http/public-url.ts). */
    readonly publicUrl: string;
  }
}

export interface AppOptions {
  rateLimits?: RateLimits;
  /** Run the search outbox worker in this process (default true). */
  runOutboxWorker?: boolean;
  searchHealthIntervalMs?: number;
  /** How long the start waits for search to be set up before going on degraded (default 5 s). */
  searchStartWaitMs?: number;
  /** How often to look for index changes made by other instances (drops the search cache). */
  cacheCheckMs?: number;
  /** Run the worker that keeps the stored match lists fresh (server/matches/list-worker.ts; default: as runOutboxWorker). */
  runMatchListWorker?: boolean;
  /** Run the e-mail outbox worker in this process (default true). */
  runMailWorker?: boolean;
  /** Run the daily jobs' timer in this process (default true; tests call app.jobs.runNow instead). */
  runJobs?: boolean;
  /** Mentors, coordinators and admins must set up two-factor before anything else (default: in production). */
  requireTwoFactorForStaff?: boolean;
  /** Vacancy URLs per sitemap file before /sitemap.xml becomes an index (default 50,000, the protocol's limit). */
  sitemapChunkSize?: number;
}

/** Builds the app: infrastructure, then services, then features. It never listens. */
export async function buildApp(config: Config, services: ServiceLocations, options: AppOptions = {}): Promise<FastifyInstance> {
  const production = config.env === 'production';
  setPasswordHashCost(config.passwordHashCost);
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    // The largest form, a vacancy, holds about 10,900 characters (its description 10,000). Sent as a form with
    // every character a two-byte letter (ä, ö, Cyrillic, Arabic), percent-encoded to 6 bytes each, that is
    // about 65,000 bytes; ordinary German text is a fifth of that. Larger bodies get the portal's 413.
    bodyLimit: 64 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // Start-up steps have their own bounds (the search engine's start wait, the database's connect timeout); on a
    // busy machine they legitimately take longer than avvio's default 10 s per plugin, which failed healthy starts.
    pluginTimeout: 120_000,
    // A URL Fastify cannot decode gets the portal's 400 page, not Fastify's bare JSON.
    frameworkErrors: rerouteFrameworkError,
    // One line per request only when debugging; errors are logged either way.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(config.logLevel) }),
  });

  app.decorate('publicUrl', { getter: publicUrlResolver(config.publicUrl, app.server, config.port) });

  // Infrastructure
  // Pages, JSON and static files in brotli or gzip (a results page: ~60 KB → ~10 KB); bodies under 1 KB go as they are.
  // Request bodies are not decompressed: no form or client of the portal compresses what it sends, and the
  // decompressing hook ran on every request.
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], threshold: 1024, globalDecompression: false });
  await app.register(fastifyCookie);
  // Repeated fields (support=a&support=b) arrive as arrays.
  await app.register(fastifyFormbody, { parser: (body) => parseQueryString(body) });
  await app.register(jsonBodyPlugin);
  await app.register(securityHeadersPlugin, { production });
  await app.register(databasePlugin, {
    connection: services.database,
    poolSize: config.dbPoolSize,
    statementTimeoutMs: config.dbStatementTimeoutMs,
  });
  await app.register(schemaPlugin);
  await app.register(i18nPlugin, { secureCookies: production });
  // After i18n (the 503 page is translated), before auth (shed load before the session query).
  await app.register(overloadPlugin, {
    maxEventLoopDelayMs: config.maxEventLoopDelayMs,
    sampleIntervalMs: config.overloadSampleIntervalMs,
  });
  await app.register(authPlugin, { sessionSecret: services.sessionSecret, secureCookies: production });
  // After auth: whether a request is signed in decides whether its answer may be stored.
  await app.register(cacheHeadersPlugin);
  await app.register(viewsPlugin, { production });
  await app.register(errorsPlugin);

  // Services
  await app.register(searchPlugin, {
    url: services.meiliUrl,
    masterKey: services.meiliMasterKey,
    runWorker: options.runOutboxWorker,
    healthIntervalMs: options.searchHealthIntervalMs,
    cacheCheckMs: options.cacheCheckMs,
    startWaitMs: options.searchStartWaitMs,
  });
  await app.register(mailPlugin, { smtpUrl: config.smtpUrl, runWorker: options.runMailWorker });
  await app.register(jobsPlugin, { run: options.runJobs });

  // Features
  const requireTwoFactorForStaff = options.requireTwoFactorForStaff ?? production;
  // Before every feature route: a staff account without two-factor is held at enrolment.
  await app.register(twoFactorEnforcement, { required: requireTwoFactorForStaff });
  await app.register(healthRoutes, { readyzToken: config.readyzToken });
  await app.register(publicVacancyRoutes);
  await app.register(seoRoutes, { sitemapChunkSize: options.sitemapChunkSize });
  await app.register(apiRoutes);
  await app.register(accountRoutes, {
    rateLimits: options.rateLimits ?? DEFAULT_RATE_LIMITS,
    sessionSecret: services.sessionSecret,
    secureCookies: production,
    requireTwoFactorForStaff,
  });
  await app.register(registrationRoutes, { rateLimits: options.rateLimits ?? DEFAULT_RATE_LIMITS });
  await app.register(passwordResetRoutes, { rateLimits: options.rateLimits ?? DEFAULT_RATE_LIMITS });
  await app.register(accountPageRoutes, { rateLimits: options.rateLimits ?? DEFAULT_RATE_LIMITS });
  await app.register(employerVacancyRoutes);
  await app.register(projectRoutes);
  await app.register(invitationRoutes, { rateLimits: options.rateLimits ?? DEFAULT_RATE_LIMITS });
  await app.register(menteeRoutes);
  await app.register(matchRoutes);
  await app.register(shortlistRoutes);
  await app.register(followUpRoutes);
  // Runs with the search outbox worker: both derive work from written vacancies, both off in tests (drained by hand).
  await app.register(newMatchesPlugin, { runWorker: options.runOutboxWorker });
  await app.register(matchListsPlugin, { runWorker: options.runMatchListWorker ?? options.runOutboxWorker });
  await app.register(mentorIntroductionRoutes);
  await app.register(employerIntroductionRoutes);
  await app.register(figuresRoutes);
  await app.register(adminRoutes);
  await app.register(lifecycleRoutes, { retentionMonths: config.retentionMonths });
  await app.register(legalRoutes, { retentionMonths: config.retentionMonths });
  if (config.env === 'development') await app.register(mailboxRoutes);

  return app;
}
