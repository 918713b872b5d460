import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../db/database.ts';
import { sendError } from '../http/respond.ts';

export interface SessionAccount {
  id: string;
  email: string;
  role: Role;
  employerId: string | null;
  employerName: string | null;
  /** The mentoring project of a mentor (their mentees are this project's). */
  projectId: number | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    account: SessionAccount | null;
    sessionId: string | null;
    csrfToken(): string;
    pageContext(): Record<string, unknown>;
  }
  interface FastifyReply {
    startSession(accountId: string): Promise<void>;
    endSession(): Promise<void>;
  }
}

export const SESSION_COOKIE = 'jb_session';
const ANON_COOKIE = 'jb_anon';
const SESSION_DAYS = 14;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export interface AuthOptions {
  sessionSecret: string;
  secureCookies: boolean;
}

/**
 * Sessions live in Postgres (the app stays stateless); the cookie carries a
 * random id whose hash is the key. CSRF tokens are an HMAC of the session id,
 * or of a random anonymous cookie before login, so they need no storage.
 */
export default fp<AuthOptions>(
  async (app, opts) => {
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: opts.secureCookies };

    const tokenFor = (binding: string) => createHmac('sha256', opts.sessionSecret).update(`csrf:${binding}`).digest('base64url');

    app.decorateRequest('account', null);
    app.decorateRequest('sessionId', null);

    // Anonymous visitors get a random binding cookie the first time a page needs a token.
    const pendingAnonCookies = new WeakMap<FastifyRequest, string>();
    app.decorateRequest('csrfToken', function (this: FastifyRequest) {
      let binding = this.sessionId ?? this.cookies[ANON_COOKIE] ?? pendingAnonCookies.get(this);
      if (!binding) {
        binding = randomBytes(24).toString('base64url');
        pendingAnonCookies.set(this, binding);
      }
      return tokenFor(binding);
    });

    app.decorateRequest('pageContext', function (this: FastifyRequest) {
      const url = new URL(this.url, 'http://localhost');
      url.searchParams.delete('lang');
      const languages = this.languageMenu();
      return {
        locale: this.locale,
        dir: this.localeInfo().dir,
        csrfToken: this.csrfToken(),
        account: this.account,
        currentPath: url.pathname,
        languages,
      };
    });

    app.addHook('onRequest', async (request) => {
      const raw = request.cookies[SESSION_COOKIE];
      if (!raw) return;
      const row = await app.db
        .selectFrom('sessions')
        .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
        .leftJoin('employers', 'employers.id', 'accounts.employer_id')
        .select(['accounts.id', 'accounts.email', 'accounts.role', 'accounts.employer_id', 'accounts.project_id', 'employers.name as employer_name'])
        .where('sessions.id_hash', '=', hashSessionId(raw))
        .where('sessions.expires_at', '>', new Date())
        .where('accounts.disabled_at', 'is', null)
        .executeTakeFirst();
      if (!row) return;
      request.sessionId = raw;
      request.account = { id: row.id, email: row.email, role: row.role, employerId: row.employer_id, employerName: row.employer_name, projectId: row.project_id };
    });

    app.addHook('onSend', async (request, reply) => {
      const anon = pendingAnonCookies.get(request);
      if (anon) reply.setCookie(ANON_COOKIE, anon, cookieOptions);
    });

    app.addHook('preHandler', async (request, reply) => {
      if (!UNSAFE_METHODS.has(request.method)) return;
      const body = request.body as Record<string, unknown> | undefined;
      const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
      const binding = request.sessionId ?? request.cookies[ANON_COOKIE];
      if (typeof sent === 'string' && binding && safeEqual(sent, tokenFor(binding))) return;
      return sendError(request, reply, 403, 'csrf', request.t('errors.csrf'));
    });

    app.decorateReply('startSession', async function (this: FastifyReply, accountId: string) {
      const request = this.request;
      // A fresh id at every login, and the old session (if any) ends; expired ones are swept on the way.
      if (request.sessionId) await app.db.deleteFrom('sessions').where('id_hash', '=', hashSessionId(request.sessionId)).execute();
      await app.db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
      const id = randomBytes(32).toString('base64url');
      await app.db
        .insertInto('sessions')
        .values({ id_hash: hashSessionId(id), account_id: accountId, expires_at: new Date(Date.now() + SESSION_DAYS * 86_400_000) })
        .execute();
      request.sessionId = id;
      this.setCookie(SESSION_COOKIE, id, { ...cookieOptions, maxAge: SESSION_DAYS * 86_400 });
      this.clearCookie(ANON_COOKIE, { path: '/' });
      pendingAnonCookies.delete(request);
    });

    app.decorateReply('endSession', async function (this: FastifyReply) {
      const request = this.request;
      if (request.sessionId) await app.db.deleteFrom('sessions').where('id_hash', '=', hashSessionId(request.sessionId)).execute();
      request.sessionId = null;
      request.account = null;
      this.clearCookie(SESSION_COOKIE, { path: '/' });
    });
  },
  { name: 'auth', dependencies: ['database', 'i18n', '@fastify/cookie'] },
);

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** preHandler: only accounts of this role pass; others are sent to log in (or get 401/403 JSON). */
export function requireRole(role: Role) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.account) {
      if (wantsHtml(request)) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
      return sendError(request, reply, 401, 'unauthenticated', request.t('errors.unauthenticated'));
    }
    if (request.account.role !== role) return sendError(request, reply, 403, 'forbidden', request.t('errors.forbidden'));
  };
}

function wantsHtml(request: FastifyRequest): boolean {
  return !(request.headers.accept ?? '').includes('application/json');
}

/** preHandler for mentor routes: a mentor who belongs to a project (every mentee query is scoped to it). */
export async function requireMentor(request: FastifyRequest, reply: FastifyReply) {
  await requireRole('mentor')(request, reply);
  if (reply.sent) return;
  if (request.account!.projectId === null) return sendError(request, reply, 403, 'no_project', request.t('errors.noProject'));
}
