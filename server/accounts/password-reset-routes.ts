import type { FastifyInstance } from 'fastify';
import { fieldErrors, wantsJson } from '../http/respond.ts';
import { keptValues } from '../http/form-values.ts';
import { tooMany } from './form-page.ts';
import { countHit } from './queries.ts';
import { FORGOT_FIELDS, ForgotInput, RESET_FIELDS, ResetInput, TokenQuery } from './password-schemas.ts';
import { openPasswordReset, requestPasswordReset, resetPassword } from './password-reset.ts';
import { linkNotValid, securityPage } from './security-pages.ts';
import type { RateLimits } from './service.ts';

/** Reset e-mails per address per window: enough for a lost mail, too few to flood a mailbox. */
export const RESET_MAILS_PER_ADDRESS = 3;

/**
 * "Forgot your password?": the form always answers the same, whether or not the
 * address has an account; the link in the e-mail opens the form for a new password.
 */
export default async function passwordResetRoutes(app: FastifyInstance, opts: { rateLimits: RateLimits }) {
  const limits = opts.rateLimits;

  app.get('/password/forgot', async (request, reply) =>
    securityPage(request, reply, 'password-forgot', { title: 'passwordReset.forgot.title', fields: FORGOT_FIELDS }),
  );

  app.post('/password/forgot', async (request, reply) => {
    // Per client address like sign-ups; both count whether or not the address has an account.
    if ((await countHit(app.db, `reset:ip:${request.ip}`, limits.windowSeconds)) > limits.registerPerIp)
      return tooMany(request, reply, limits.windowSeconds);
    const parsed = ForgotInput.safeParse(request.body);
    if (!parsed.success) {
      return securityPage(request, reply, 'password-forgot', {
        title: 'passwordReset.forgot.title',
        fields: FORGOT_FIELDS,
        errors: fieldErrors(parsed.error),
        values: { email: keptValues(request.body).email },
      });
    }
    const email = parsed.data.email;
    if ((await countHit(app.db, `reset:address:${email}`, limits.windowSeconds)) > RESET_MAILS_PER_ADDRESS)
      return tooMany(request, reply, limits.windowSeconds);
    await requestPasswordReset(app, email, { ip: request.ip, locale: request.locale });
    if (wantsJson(request)) return reply.code(202).send({ message: request.t('passwordReset.sent.message') });
    return reply.redirect('/password/forgot/sent', 303);
  });

  app.get('/password/forgot/sent', async (request, reply) =>
    securityPage(request, reply, 'password-forgot-sent', { title: 'passwordReset.sent.title' }),
  );

  app.get('/password/reset', async (request, reply) => {
    const query = TokenQuery.safeParse(request.query);
    const open = query.success ? await openPasswordReset(app, query.data.token) : undefined;
    if (!open) return linkNotValid(request, reply, 'passwordReset');
    if (wantsJson(request)) return reply.header('cache-control', 'no-store').send({ email: open.email, csrfToken: request.csrfToken() });
    return securityPage(request, reply, 'password-reset', {
      title: 'passwordReset.reset.title',
      fields: RESET_FIELDS,
      data: { token: query.data!.token, email: open.email },
    });
  });

  app.post('/password/reset', async (request, reply) => {
    if ((await countHit(app.db, `reset:ip:${request.ip}`, limits.windowSeconds)) > limits.registerPerIp)
      return tooMany(request, reply, limits.windowSeconds);
    const body = TokenQuery.safeParse(request.body);
    const open = body.success ? await openPasswordReset(app, body.data.token) : undefined;
    if (!open) return linkNotValid(request, reply, 'passwordReset');
    const form = (errors: Record<string, string>) =>
      securityPage(request, reply, 'password-reset', {
        title: 'passwordReset.reset.title',
        fields: RESET_FIELDS,
        errors,
        data: { token: body.data!.token, email: open.email },
      });
    const parsed = ResetInput.safeParse(request.body);
    if (!parsed.success) return form(fieldErrors(parsed.error));
    const result = await resetPassword(app, parsed.data.token, parsed.data.password, request.locale);
    if (!result.ok && result.reason === 'invalid') return linkNotValid(request, reply, 'passwordReset');
    if (!result.ok) return form(result.errors);
    if (wantsJson(request)) return { reset: true };
    return reply.redirect('/login?notice=password-reset', 303);
  });
}
