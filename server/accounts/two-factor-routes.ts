import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noticeFrom } from '../http/notices.ts';
import { sendRefusal, type FieldMessages } from '../http/refusal.ts';
import { fieldErrors } from '../http/respond.ts';
import { renderStepForm } from './form-page.ts';
import type { LoginSteps } from './login-steps.ts';
import { CONFIRM_FIELDS, ConfirmInput, EnrolInput } from './schemas.ts';
import { homeFor } from './home.ts';
import type { LoggedInAccount } from './service.ts';
import {
  confirmEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  STAFF_ROLES,
  twoFactorPage,
  type CodeResult,
  type TwoFactorContext,
} from './two-factor-service.ts';

/** The settings page: set up an authenticator app, replace recovery codes, switch two-factor off. */
export default async function twoFactorRoutes(app: FastifyInstance, opts: TwoFactorContext & { steps: LoginSteps }) {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.account) return reply.redirect(`/login?next=${encodeURIComponent('/account/two-factor')}`, 303);
  });

  const actorOf = (request: FastifyRequest): LoggedInAccount => {
    const { id, email, role } = request.signedIn;
    return { id, email, role };
  };

  // Counted per account: the device cookie is only sent to /login, and this is a logged-in owner's own guess.
  const guess = (request: FastifyRequest, input: ConfirmInput) => ({ ip: request.ip, device: null, account: actorOf(request), ...input });

  async function settingsPage(request: FastifyRequest, reply: FastifyReply, errors?: FieldMessages) {
    const actor = actorOf(request);
    const state = await twoFactorPage(app, opts.box, actor);
    const required = opts.steps.requireTwoFactorForStaff && STAFF_ROLES.has(actor.role);
    return renderStepForm(request, reply, {
      template: 'accounts/two-factor',
      title: 'twoFactor.settings.title',
      fields: state.enabled ? CONFIRM_FIELDS : ['code'],
      data: { ...state, required, disabledNotice: noticeFrom(request, ['1'], 'disabled') !== undefined },
      errors,
    });
  }

  /**
   * New recovery codes and switching off both ask for the current code (or a recovery code) first; a wrong
   * one shows on the settings page, too many lock the step for the window.
   */
  async function confirmed<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    step: (attempt: ReturnType<typeof guess>) => Promise<CodeResult<T>>,
    done: (result: T) => unknown,
  ) {
    const parsed = ConfirmInput.safeParse(request.body);
    if (!parsed.success) return settingsPage(request, reply, fieldErrors(parsed.error));
    const result = await step(guess(request, parsed.data));
    // A wrong code shows at its field on the settings page; too many answer 429 with Retry-After.
    if (!result.ok) return result.kind === 'invalid' ? settingsPage(request, reply, result.errors) : sendRefusal(request, reply, result);
    return done(result.value);
  }

  app.get('/account/two-factor', async (request, reply) => settingsPage(request, reply));

  app.post('/account/two-factor/enable', async (request, reply) => {
    const parsed = EnrolInput.safeParse(request.body);
    if (!parsed.success) return settingsPage(request, reply, fieldErrors(parsed.error));
    const result = await confirmEnrolment(app, opts.box, actorOf(request), parsed.data.code);
    if (!result.ok) return settingsPage(request, reply, result.errors);
    return recoveryCodesPage(request, reply, result.value.recoveryCodes, 'enabled');
  });

  app.post('/account/two-factor/recovery-codes', async (request, reply) =>
    confirmed(
      request,
      reply,
      (attempt) => regenerateRecoveryCodes(app, opts, attempt),
      ({ recoveryCodes }) => recoveryCodesPage(request, reply, recoveryCodes, 'regenerated'),
    ),
  );

  app.post('/account/two-factor/disable', async (request, reply) =>
    confirmed(
      request,
      reply,
      (attempt) => disableTwoFactor(app, opts, attempt),
      () => reply.redirect('/account/two-factor?disabled=1', 303),
    ),
  );
}

/** The recovery codes, shown this once (never stored readable); no caching anywhere. */
function recoveryCodesPage(request: FastifyRequest, reply: FastifyReply, codes: string[], reason: 'enabled' | 'regenerated') {
  reply.header('cache-control', 'no-store');
  return reply.page('accounts/two-factor-recovery-codes', {
    title: request.t('twoFactor.recovery.title'),
    codes,
    reason,
    home: homeFor(request.signedIn.role),
  });
}
