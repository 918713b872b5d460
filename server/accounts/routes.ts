import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseForm, sendRefusal } from '../http/refusal.ts';
import { fieldErrors, translatedFields, wantsJson } from '../http/respond.ts';
import { pageQuery, typedRoutes } from '../http/typed-routes.ts';
import { keptValues } from '../http/form-values.ts';
import { deviceCookies } from './device-cookie.ts';
import { renderForm, renderStepForm } from './form-page.ts';
import { endChallenge, findChallenge, finishLogin, startChallenge, type LoginSteps } from './login-steps.ts';
import { LoginInput, SECOND_FACTOR_FIELDS, SecondFactorInput, safeNext } from './schemas.ts';
import { authenticate, type RateLimits } from './service.ts';
import { secretBox } from './two-factor-secrets.ts';
import { checkCode } from './two-factor-service.ts';
import twoFactorRoutes from './two-factor-routes.ts';

export interface AccountRouteOptions {
  rateLimits: RateLimits;
  /** Signs device cookies and seals authenticator secrets. */
  sessionSecret: string;
  secureCookies: boolean;
  /** Mentors, coordinators and admins must set up two-factor before anything else (production). */
  requireTwoFactorForStaff: boolean;
}

const secondStepPage = { template: 'accounts/login-two-factor', title: 'twoFactor.login.title', fields: SECOND_FACTOR_FIELDS };
/** Where to go after logging in (checked by safeNext); `?recovery=1` asks for a recovery code instead of the app's. */
const LoginQuery = pageQuery({ next: z.string() });
const SecondStepQuery = pageQuery({ recovery: z.literal('1') });

export default async function accountRoutes(parent: FastifyInstance, opts: AccountRouteOptions) {
  const app = typedRoutes(parent);
  const limits = opts.rateLimits;
  const steps: LoginSteps = {
    devices: deviceCookies(opts.sessionSecret, opts.secureCookies),
    secureCookies: opts.secureCookies,
    requireTwoFactorForStaff: opts.requireTwoFactorForStaff,
  };
  const ctx = { limits, box: secretBox(opts.sessionSecret) };

  app.get('/login', { schema: { querystring: LoginQuery } }, async (request, reply) =>
    renderForm(app, request, reply, 'login', { next: safeNext(request.query.next) }),
  );

  app.post('/login', async (request, reply) => {
    const values = keptValues(request.body);
    const parsed = parseForm(LoginInput, request.body);
    if (!parsed.ok) return sendRefusal(request, reply, parsed, (refused) => renderForm(app, request, reply, 'login', values, refused));
    const { email, password } = parsed.value;
    const result = await authenticate(app, limits, { ip: request.ip, email, password, device: steps.devices.deviceFor(request, email) });
    // A wrong password is the form again, with 401 where other refused forms answer 422; too many lock the step for the window (429).
    if (!result.ok)
      return result.kind === 'invalid'
        ? renderForm(app, request, reply, 'login', values, { status: 401, errors: translatedFields(request, result.errors) })
        : sendRefusal(request, reply, result);
    const { account, twoFactor } = result.value;
    if (twoFactor) {
      await startChallenge(app, reply, steps, account.id, safeNext(parsed.value.next));
      if (wantsJson(request)) return { twoFactorRequired: true, next: '/login/two-factor' };
      return reply.redirect('/login/two-factor', 303);
    }
    const destination = await finishLogin(app, reply, steps, account, parsed.value.next);
    if (wantsJson(request)) return { role: account.role, csrfToken: request.csrfToken(), next: destination };
    return reply.redirect(destination, 303);
  });

  app.get('/login/two-factor', { schema: { querystring: SecondStepQuery } }, async (request, reply) => {
    if (!(await findChallenge(app, request))) return reply.redirect('/login', 303);
    return renderStepForm(request, reply, { ...secondStepPage, data: { recovery: request.query.recovery === '1' } });
  });

  app.post('/login/two-factor', async (request, reply) => {
    const challenge = await findChallenge(app, request);
    if (!challenge) return reply.redirect('/login', 303);
    const page = { ...secondStepPage, data: { recovery: (request.body as Record<string, unknown> | undefined)?.mode === 'recovery' } };
    const parsed = SecondFactorInput.safeParse(request.body);
    if (!parsed.success) return renderStepForm(request, reply, { ...page, errors: fieldErrors(parsed.error) });
    const { account } = challenge;
    const checked = await checkCode(app, ctx, {
      ip: request.ip,
      device: steps.devices.deviceFor(request, account.email),
      account,
      code: parsed.data.code,
    });
    if (!checked.ok && checked.kind === 'rate_limited') return sendRefusal(request, reply, checked);
    if (!checked.ok) return renderStepForm(request, reply, { ...page, errors: checked.errors, status: 401 });
    if (!(await endChallenge(app, reply, challenge.idHash))) return reply.redirect('/login', 303);
    const destination = await finishLogin(app, reply, steps, account, challenge.next);
    if (wantsJson(request)) return { role: account.role, csrfToken: request.csrfToken(), next: destination };
    return reply.redirect(destination, 303);
  });

  app.post('/logout', async (request, reply) => {
    await reply.endSession();
    if (wantsJson(request)) return { loggedOut: true };
    return reply.redirect('/?loggedOut=1', 303);
  });

  await app.register(twoFactorRoutes, { ...ctx, steps });
}
