import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../db/database.ts';
import { sendError, wantsJson } from '../http/respond.ts';
import { audit } from '../audit/service.ts';

export interface SessionAccount {
  id: string;
  email: string;
  role: Role;
  employerId: string | null;
  employerName: string | null;
  /** The mentoring project of a mentor (their mentees are this project's). */
  projectId: number | null;
}

/** The account behind `request.mentor`: a mentor of a project (every mentee query is scoped to it). */
export interface MentorAccount extends SessionAccount {
  role: 'mentor';
  projectId: number;
}

/** The account behind `request.employer`: an employer's login, with the employer it acts for. */
export interface EmployerAccount extends SessionAccount {
  role: 'employer';
  employerId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    account: SessionAccount | null;
    /**
     * The caller, typed by the guard of the scope: read them only in a plugin guarded by `requireMentor`,
     * `requireRole('employer')`, `requireRole('admin')` or `requireLogin`. Read anywhere else they throw
     * (a programming error, never a user's), so no handler asserts that `request.account` is there.
     */
    mentor: MentorAccount;
    employer: EmployerAccount;
    admin: SessionAccount;
    signedIn: SessionAccount;
    sessionId: string | null;
    csrfToken(): string;
    /** What every page needs: locale, CSRF token, account, languages, and the notice named by `?notice=` (see PAGE_NOTICES). */
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

/**
 * How long a session may go unused before it ends, by role (besides the absolute
 * SESSION_DAYS). Mentors, coordinators and admins see people's profiles, often on
 * shared office computers: 30 minutes. Employers see only their own vacancies and
 * pseudonymous introductions: a working day and a night.
 */
export const IDLE_LIMIT_MINUTES: Record<Role, number> = { mentor: 30, coordinator: 30, admin: 30, employer: 24 * 60 };

/** last_seen_at is written at most this often per session, not on every request. */
const LAST_SEEN_EVERY_MS = 60_000;

/**
 * Notices a page may show at its top when named in `?notice=`. Only these keys
 * are read (the query names a notice, never its text); the idle ones state the
 * role's limit from IDLE_LIMIT_MINUTES.
 */
const PAGE_NOTICES: Record<string, (request: FastifyRequest) => string> = {
  'password-reset': (request) => request.t('passwordReset.doneNotice'),
  'password-changed': (request) => request.t('account.password.changedNotice'),
  'logged-out-everywhere': (request) => request.t('sessions.endedEverywhereNotice'),
  ...Object.fromEntries(
    Object.entries(IDLE_LIMIT_MINUTES).map(([role, minutes]) => [
      `idle-${role}`,
      (request: FastifyRequest) => request.t('sessions.idleNotice', { duration: idleDuration(request, minutes) }),
    ]),
  ),
};

function idleDuration(request: FastifyRequest, minutes: number): string {
  return minutes % 60 === 0 ? request.tn('sessions.hours', minutes / 60) : request.tn('sessions.minutes', minutes);
}

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
    app.decorateRequest('mentor', { getter: guarded(asMentor, 'requireMentor') });
    app.decorateRequest('employer', { getter: guarded(asEmployer, "requireRole('employer')") });
    app.decorateRequest('admin', { getter: guarded((a) => (a.role === 'admin' ? a : undefined), "requireRole('admin')") });
    app.decorateRequest('signedIn', { getter: guarded((a) => a, 'requireLogin') });

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
      const notice = (this.query as Record<string, unknown> | undefined)?.notice;
      return {
        locale: this.locale,
        dir: this.localeInfo().dir,
        csrfToken: this.csrfToken(),
        account: this.account,
        currentPath: url.pathname,
        languages,
        pageNotice: typeof notice === 'string' && Object.hasOwn(PAGE_NOTICES, notice) ? PAGE_NOTICES[notice]!(this) : undefined,
      };
    });

    // Callback hooks with a synchronous way through: a request without a session cookie (the health check, every
    // anonymous visitor, static files) costs no promise; the session's lookup runs only when there is one.
    app.addHook('onRequest', (request, reply, done) => {
      const raw = request.cookies[SESSION_COOKIE];
      if (!raw) return done();
      // After an early answer (an idle session ends in a redirect or 401) the chain stops; Fastify's own async
      // hooks do the same: done() is called only when the request goes on.
      loadSession(request, reply, raw).then(() => {
        if (!reply.sent) done();
      }, done);
    });

    async function loadSession(request: FastifyRequest, reply: FastifyReply, raw: string): Promise<unknown> {
      const idHash = hashSessionId(raw);
      const row = await app.db
        .selectFrom('sessions')
        .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
        .leftJoin('employers', 'employers.id', 'accounts.employer_id')
        .select([
          'accounts.id',
          'accounts.email',
          'accounts.role',
          'accounts.employer_id',
          'accounts.project_id',
          'employers.name as employer_name',
          'sessions.last_seen_at',
        ])
        .where('sessions.id_hash', '=', idHash)
        .where('sessions.expires_at', '>', new Date())
        .where('accounts.disabled_at', 'is', null)
        .executeTakeFirst();
      if (!row) return;
      const now = Date.now();
      const idleMs = now - row.last_seen_at.getTime();
      if (idleMs > IDLE_LIMIT_MINUTES[row.role] * 60_000) return endIdleSession(request, reply, idHash, row.id, row.role, idleMs);
      if (idleMs > LAST_SEEN_EVERY_MS)
        await app.db
          .updateTable('sessions')
          .set({ last_seen_at: new Date(now) })
          .where('id_hash', '=', idHash)
          .execute();
      request.sessionId = raw;
      request.account = {
        id: row.id,
        email: row.email,
        role: row.role,
        employerId: row.employer_id,
        employerName: row.employer_name,
        projectId: row.project_id,
      };
    }

    /**
     * An idle session ends here, and the person learns why: pages go to the login
     * form with the notice (and back to where they were, for a GET), JSON clients
     * get 401. Static files just go on without the session.
     */
    async function endIdleSession(
      request: FastifyRequest,
      reply: FastifyReply,
      idHash: string,
      accountId: string,
      role: Role,
      idleMs: number,
    ) {
      await app.db.transaction().execute(async (trx) => {
        const ended = await trx.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst();
        // Two requests racing on the same idle session record it once.
        if (ended.numDeletedRows > 0n)
          await audit(
            trx,
            { id: accountId, role },
            'session.idle_timeout',
            { type: 'account', id: accountId },
            { idleMinutes: Math.floor(idleMs / 60_000) },
          );
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      if (request.url.startsWith('/static/')) return;
      const notice = `idle-${role}`;
      if (wantsJson(request) || request.url.startsWith('/api/')) {
        return sendError(
          request,
          reply,
          401,
          'session_idle',
          request.t('sessions.idleNotice', { duration: idleDuration(request, IDLE_LIMIT_MINUTES[role]) }),
        );
      }
      const back = request.method === 'GET' && !request.url.startsWith('/login');
      const next = back ? `&next=${encodeURIComponent(request.url)}` : '';
      return reply.redirect(`/login?notice=${notice}${next}`, 303);
    }

    app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      const anon = pendingAnonCookies.get(request);
      if (anon) reply.setCookie(ANON_COOKIE, anon, cookieOptions);
      done(null, payload);
    });

    /** Whether a request that changes something carries its form's token and comes from the portal's own pages. */
    function csrfPasses(request: FastifyRequest): boolean {
      // app.publicUrl is read per request: without PUBLIC_URL it is known only once the server listens.
      if (isCrossSite(request, originOf(app.publicUrl))) return false;
      const body = request.body as Record<string, unknown> | undefined;
      const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
      const binding = request.sessionId ?? request.cookies[ANON_COOKIE];
      return typeof sent === 'string' && binding !== undefined && safeEqual(sent, tokenFor(binding));
    }

    app.addHook('preHandler', (request, reply, done) => {
      if (!UNSAFE_METHODS.has(request.method) || csrfPasses(request)) return done();
      // The refusal is the answer: the chain stops here (done() is not called once the reply is sent).
      sendError(request, reply, 403, 'csrf', request.t('errors.csrf')).then(
        () => undefined,
        (error: Error) => done(error),
      );
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

/**
 * A second line behind the token: browsers say where a request comes from. A
 * request another site made (Sec-Fetch-Site: cross-site), or whose Origin is
 * neither the portal's public address nor the address it was sent to, is refused
 * even if it carries a token. `Origin: null` says nothing either way: the
 * portal's own pages send it, because their Referrer-Policy is no-referrer
 * (Chromium then serialises a form's origin as "null"), and so do sandboxed
 * frames, which modern browsers mark cross-site. Clients that send neither
 * header (curl, old browsers, tests) rely on the token alone.
 */
export function isCrossSite(request: FastifyRequest, publicOrigin: string | undefined): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return false;
  const sent = originOf(origin);
  return sent === undefined || (sent !== publicOrigin && sent !== originOf(`${request.protocol}://${request.host}`));
}

/** The origin of a URL, or undefined for an opaque origin (data:, file:) and anything unparsable. */
function originOf(value: string): string | undefined {
  if (value.length > 2048) return undefined;
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function asMentor(account: SessionAccount): MentorAccount | undefined {
  return account.role === 'mentor' && account.projectId !== null ? (account as MentorAccount) : undefined;
}

function asEmployer(account: SessionAccount): EmployerAccount | undefined {
  return account.role === 'employer' && account.employerId !== null ? (account as EmployerAccount) : undefined;
}

/** The getter of a typed caller: the session's account when it is of the guard's kind; otherwise the route lacks its guard. */
function guarded<T>(as: (account: SessionAccount) => T | undefined, guard: string) {
  return function (this: FastifyRequest): T {
    const account = this.account ? as(this.account) : undefined;
    if (account === undefined) throw new Error(`request read a caller its route does not guard: add ${guard} to its scope`);
    return account;
  };
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

/** preHandler: any logged-in account passes (its own settings); others are sent to log in (or get 401 JSON). */
export async function requireLogin(request: FastifyRequest, reply: FastifyReply) {
  if (request.account) return;
  if (wantsHtml(request)) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
  return sendError(request, reply, 401, 'unauthenticated', request.t('errors.unauthenticated'));
}

function wantsHtml(request: FastifyRequest): boolean {
  return !(request.headers.accept ?? '').includes('application/json');
}

/** preHandler for mentor routes: a mentor who belongs to a project (every mentee query is scoped to it). */
export async function requireMentor(request: FastifyRequest, reply: FastifyReply) {
  await requireRole('mentor')(request, reply);
  if (reply.sent) return;
  if (request.account?.projectId === null) return sendError(request, reply, 403, 'no_project', request.t('errors.noProject'));
}
