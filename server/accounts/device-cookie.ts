import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * OWASP's device cookie (https://owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies):
 * a browser that has logged in to an account before carries a signed cookie
 * naming that account, so an attacker's failures, which lock the account for
 * unknown browsers, do not lock its owner out. The device's own failures are
 * counted under its nonce (login-throttle.ts).
 *
 * Value: `<issued>.<subject>.<nonce>.<signature>`. The subject is an HMAC of the
 * e-mail address, so the cookie does not show whose account it is; the signature
 * (HMAC-SHA256 with the session secret) covers the rest.
 */
export const DEVICE_COOKIE = 'jb_device';
const DEVICE_DAYS = 180;
// Both login steps live under /login; the cookie goes nowhere else.
const COOKIE_PATH = '/login';
const MAX_LENGTH = 200;

export interface DeviceCookies {
  /** The nonce of this browser's device cookie when it is genuine, recent and for this e-mail address; otherwise null. */
  deviceFor(request: FastifyRequest, email: string): string | null;
  /** Gives the browser a fresh device cookie for the account it just logged in to. */
  issue(reply: FastifyReply, email: string): void;
}

export function deviceCookies(sessionSecret: string, secureCookies: boolean): DeviceCookies {
  const mac = (text: string) => createHmac('sha256', sessionSecret).update(text).digest('base64url');
  const subjectOf = (email: string) => mac(`device-subject:${email.toLowerCase()}`).slice(0, 22);
  const signatureOf = (payload: string) => mac(`device:${payload}`);

  return {
    deviceFor(request, email) {
      const raw = request.cookies[DEVICE_COOKIE];
      if (typeof raw !== 'string' || raw.length > MAX_LENGTH) return null;
      const parts = raw.split('.');
      if (parts.length !== 4) return null;
      const [issued, subject, nonce, signature] = parts as [string, string, string, string];
      if (!safeEqual(signature, signatureOf(`${issued}.${subject}.${nonce}`))) return null;
      if (!safeEqual(subject, subjectOf(email))) return null;
      const age = Date.now() - Number(issued);
      if (!Number.isFinite(age) || age < 0 || age > DEVICE_DAYS * 86_400_000) return null;
      return nonce;
    },
    issue(reply, email) {
      const payload = `${Date.now()}.${subjectOf(email)}.${randomBytes(16).toString('base64url')}`;
      reply.setCookie(DEVICE_COOKIE, `${payload}.${signatureOf(payload)}`, {
        path: COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        maxAge: DEVICE_DAYS * 86_400,
      });
    },
  };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
