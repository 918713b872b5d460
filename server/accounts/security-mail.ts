import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { translate, type Locale } from '../i18n/index.ts';

/**
 * The e-mails about an account's own access. Links are built from the portal's
 * configured public address (PUBLIC_URL), never from the request's Host header,
 * which a client could set to send the token to a server of its choice. The
 * text is in the language the person used on the page.
 */
export type SecurityMail = 'password_reset' | 'password_changed' | 'registration_confirm' | 'registration_existing';

const TEXT_KEYS: Record<SecurityMail, string> = {
  password_reset: 'passwordReset.mail',
  password_changed: 'account.password.mail',
  registration_confirm: 'registration.mail.confirm',
  registration_existing: 'registration.mail.existing',
};

export function enqueueSecurityMail(
  app: FastifyInstance,
  trx: Db,
  kind: SecurityMail,
  message: { to: string; locale: Locale; token?: string; hours?: number },
): Promise<string> {
  const base = app.publicUrl;
  const vars = {
    resetUrl: message.token ? `${base}/password/reset?token=${message.token}` : `${base}/password/forgot`,
    confirmUrl: message.token ? `${base}/register/confirm?token=${message.token}` : '',
    loginUrl: `${base}/login`,
    forgotUrl: `${base}/password/forgot`,
    hours: message.hours ?? '',
  };
  const key = TEXT_KEYS[kind];
  return app.mail.enqueue(trx, {
    to: message.to,
    kind,
    subject: translate(message.locale, `${key}.subject`, vars),
    text: translate(message.locale, `${key}.text`, vars),
  });
}
