import type { FastifyInstance } from 'fastify';
import { wantsJson } from '../http/respond.ts';
import { keptValues } from '../http/form-values.ts';
import { parseForm, sendRefusal, type RefusedForm } from '../http/refusal.ts';
import { tooMany } from './form-page.ts';
import { countHit } from './queries.ts';
import { FORGOT_FIELDS, ForgotInput, RESET_FIELDS, ResetInput } from './password-schemas.ts';
import { openPasswordReset, requestPasswordReset, resetPassword } from './password-reset.ts';
import { linkNotValidPage, securityPage } from './security-pages.ts';
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
    const parsed = parseForm(ForgotInput, request.body);
    if (!parsed.ok)
      return sendRefusal(request, reply, parsed, (refused) =>
        securityPage(request, reply, 'password-forgot', {
          title: 'passwordReset.forgot.title',
          fields: FORGOT_FIELDS,
          refused,
          values: { email: keptValues(request.body).email },
        }),
      );
    const email = parsed.value.email;
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
    const open = await openPasswordReset(app, request.query);
    if (!open.ok) return sendRefusal(request, reply, open, { gone: linkNotValidPage(request, reply, 'passwordReset') });
    const { token, email } = open.value;
    if (wantsJson(request)) return reply.header('cache-control', 'no-store').send({ email, csrfToken: request.csrfToken() });
    return securityPage(request, reply, 'password-reset', {
      title: 'passwordReset.reset.title',
      fields: RESET_FIELDS,
      data: { token, email },
    });
  });

  app.post('/password/reset', async (request, reply) => {
    if ((await countHit(app.db, `reset:ip:${request.ip}`, limits.windowSeconds)) > limits.registerPerIp)
      return tooMany(request, reply, limits.windowSeconds);
    const gone = linkNotValidPage(request, reply, 'passwordReset');
    // The link first: a form for a link that does not work is answered as the link, whatever was typed.
    const open = await openPasswordReset(app, request.body);
    if (!open.ok) return sendRefusal(request, reply, open, { gone });
    const { token, email } = open.value;
    const form = (refused: RefusedForm) =>
      securityPage(request, reply, 'password-reset', {
        title: 'passwordReset.reset.title',
        fields: RESET_FIELDS,
        refused,
        data: { token, email },
      });
    const input = parseForm(ResetInput, request.body);
    const result = input.ok ? await resetPassword(app, input.value, request.locale) : input;
    if (!result.ok) return sendRefusal(request, reply, result, { form, gone });
    if (wantsJson(request)) return { reset: true };
    return reply.redirect('/login?notice=password-reset', 303);
  });
}
