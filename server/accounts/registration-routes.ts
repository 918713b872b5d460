import type { FastifyInstance } from 'fastify';
import { wantsJson } from '../http/respond.ts';
import { sendRefusal } from '../http/refusal.ts';
import { keptValues } from '../http/form-values.ts';
import { confirmRegistration, openRegistration, readRegistrationForm, requestRegistration } from './registration-service.ts';
import { linkNotValidPage, securityPage } from './security-pages.ts';
import { allowRegistration, type RateLimits } from './service.ts';
import { renderForm, tooMany } from './form-page.ts';

/**
 * Employers sign up here; mentors, coordinators and admins are invited. A
 * sign-up is answered the same whether or not its address has an account (the
 * address's owner learns which by e-mail); the organisation and its account are
 * created when the link in that e-mail is followed.
 */
export default async function registrationRoutes(app: FastifyInstance, opts: { rateLimits: RateLimits }) {
  const limits = opts.rateLimits;

  app.get('/register', async (request, reply) => renderForm(app, request, reply, 'register', {}));

  app.post('/register', async (request, reply) => {
    if (!(await allowRegistration(app, limits, request.ip))) return tooMany(request, reply, limits.windowSeconds);
    const input = await readRegistrationForm(app, request.body);
    if (!input.ok)
      return sendRefusal(request, reply, input, (refused) =>
        renderForm(app, request, reply, 'register', keptValues(request.body), refused),
      );

    await requestRegistration(app, input.value, { locale: request.locale, windowSeconds: limits.windowSeconds });
    if (wantsJson(request)) return reply.code(202).send({ message: request.t('registration.sent.message') });
    return reply.redirect('/register/sent', 303);
  });

  app.get('/register/sent', async (request, reply) => securityPage(request, reply, 'register-sent', { title: 'registration.sent.title' }));

  // The link only shows a button: mail scanners that open links must not confirm (and log in) for the person.
  app.get('/register/confirm', async (request, reply) => {
    const open = await openRegistration(app, request.query);
    if (!open.ok) return sendRefusal(request, reply, open, { gone: linkNotValidPage(request, reply, 'registration') });
    const { token, email, organisation } = open.value;
    if (wantsJson(request)) return reply.header('cache-control', 'no-store').send({ email, organisation, csrfToken: request.csrfToken() });
    return securityPage(request, reply, 'register-confirm', { title: 'registration.confirm.title', data: { token, email, organisation } });
  });

  app.post('/register/confirm', async (request, reply) => {
    const result = await confirmRegistration(app, request.body);
    // A taken address has no form to show it on: the error page (or JSON, `email_taken`) says so.
    if (!result.ok) return sendRefusal(request, reply, result, { gone: linkNotValidPage(request, reply, 'registration') });
    await reply.startSession(result.value);
    if (wantsJson(request)) return reply.code(201).send({ accountId: result.value, csrfToken: request.csrfToken() });
    return reply.redirect('/employer/vacancies?saved=welcome', 303);
  });
}
