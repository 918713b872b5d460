import type { FastifyInstance } from 'fastify';
import { audit } from '../audit/service.ts';
import { conflict, ok, parseForm, withFieldChecks, type Conflict, type Gone, type Invalid, type Result } from '../http/refusal.ts';
import type { Locale } from '../i18n/index.ts';
import { countHit, findAccountByEmail } from './queries.ts';
import { hashPassword } from './passwords.ts';
import { hashToken, linkNotValid, newToken, tokenIn } from './one-time-token.ts';
import { newPasswordError } from './password-rules.ts';
import { RegisterInput } from './schemas.ts';
import { enqueueSecurityMail } from './security-mail.ts';
import * as queries from './security-queries.ts';
import { registerEmployer, unknownTownError } from './service.ts';

/** A confirmation link works once, for a day. */
export const CONFIRM_HOURS = 24;
/** Registration e-mails per address per window: a flood of sign-ups cannot flood a mailbox. */
export const REGISTRATION_MAILS_PER_ADDRESS = 3;

/**
 * The sign-up form through its schema, the known towns and the one password rule (not guessable, not built
 * on the address or the organisation): every problem at once, as field messages.
 */
export function readRegistrationForm(app: FastifyInstance, body: unknown): Promise<Result<RegisterInput, Invalid>> {
  const given = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return withFieldChecks(parseForm(RegisterInput, body), {
    town: () => unknownTownError(app, given.town),
    password: () => newPasswordError(given.password, [given.email, given.organisation]),
  });
}

/**
 * A sign-up that passed the form's checks. Whether or not the address has an
 * account, the caller answers the same, and only the address's owner learns
 * which it was: a new address gets a confirmation link (nothing is created
 * until it is followed), a known one a note that someone tried to register
 * with it. The password is hashed in both cases so the answer takes as long.
 */
export async function requestRegistration(
  app: FastifyInstance,
  input: RegisterInput,
  context: { locale: Locale; windowSeconds: number },
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  if ((await countHit(app.db, `register:address:${input.email}`, context.windowSeconds)) > REGISTRATION_MAILS_PER_ADDRESS) return;
  const existing = await findAccountByEmail(app.db, input.email);
  await app.db.transaction().execute(async (trx) => {
    if (existing) {
      await enqueueSecurityMail(app, trx, 'registration_existing', { to: existing.email, locale: context.locale });
      return;
    }
    const { token, hash } = newToken();
    // The town as typed: it resolves to the same place again when the organisation is created.
    await queries.insertRegistrationRequest(trx, {
      tokenHash: hash,
      email: input.email,
      organisation: input.organisation,
      town: input.town,
      passwordHash,
      expiresAt: new Date(Date.now() + CONFIRM_HOURS * 3_600_000),
    });
    await enqueueSecurityMail(app, trx, 'registration_confirm', { to: input.email, locale: context.locale, token, hours: CONFIRM_HOURS });
  });
  app.mail.worker.kick();
}

/**
 * The sign-up a confirmation link is for (and the link's token), or the one `linkNotValid` refusal when the
 * link is malformed, unknown, used or expired alike. `input` is the query string (GET) or the form (POST).
 */
export async function openRegistration(app: FastifyInstance, input: unknown) {
  const token = tokenIn(input);
  const open = token ? await queries.findRegistrationRequest(app.db, hashToken(token)) : undefined;
  return open && token ? ok({ ...open, token }) : linkNotValid('registration');
}

/**
 * Following the link proves the address: now the organisation and its account
 * are created (registerEmployer, which also tells the admins a new organisation
 * waits for approval), and the address's other requests go. Two clicks racing
 * create one account: the second finds the link gone, or the address taken
 * (a conflict, `email_taken`).
 */
export async function confirmRegistration(app: FastifyInstance, input: unknown): Promise<Result<string, Gone | Conflict>> {
  const open = await openRegistration(app, input);
  if (!open.ok) return open;
  const request = open.value;
  const result = await registerEmployer(app, {
    organisation: request.organisation,
    email: request.email,
    town: request.town,
    passwordHash: request.password_hash,
  });
  await queries.deleteRegistrationRequestsFor(app.db, request.email);
  if (!result.ok) return result.errors.email ? conflict('registration.errors.accountExists', 'email_taken') : linkNotValid('registration');
  await audit(
    app.db,
    { id: result.value, role: 'employer' },
    'registration.confirmed',
    { type: 'account', id: result.value },
    { organisation: request.organisation },
  );
  app.mail.worker.kick();
  return ok(result.value);
}
