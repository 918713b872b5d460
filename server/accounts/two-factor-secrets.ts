import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/**
 * The cryptography of two-factor authentication, kept apart from its rules:
 * sealing TOTP secrets at rest, checking codes, recovery codes and the QR code.
 */

const ISSUER = 'Jobbrücke Sachsen';
/** One 30-second step either side: a phone clock a little off still works. */
const TOLERANCE_SECONDS = 30;
const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no l, o, 0, 1: easy to copy by hand

export interface SecretBox {
  seal(secret: string): string;
  /** The secret, or null when it cannot be opened (e.g. SESSION_SECRET changed since enrolment). */
  open(sealed: string): string | null;
}

/**
 * AES-256-GCM with a key derived from the session secret: a copy of the database
 * alone does not give anyone the authenticator secrets.
 */
export function secretBox(sessionSecret: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', sessionSecret, 'jobbruecke', 'totp-secret', 32));
  return {
    seal(secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || !body) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

export function newTotpSecret(): string {
  return generateSecret();
}

/** The 30-second step a six-digit code belongs to, or null when it is wrong (or not after `afterStep`). */
export async function totpStep(secret: string, code: string, afterStep: number | null): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** The QR code an authenticator app scans, as an SVG data URI (the CSP allows data: images, and no markup is inlined). */
export async function enrolmentQrCode(secret: string, label: string): Promise<string> {
  const uri = generateURI({ issuer: ISSUER, label, secret });
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The secret in groups of four, for typing into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Ten fresh recovery codes as shown to the user (xxxxx-xxxxx, 50 bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The stored form of a recovery code: SHA-256 is enough for 50 random bits (no dictionary to try). */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(`recovery:${normaliseCode(code)}`)
    .digest('hex');
}

/** What the user typed, without spaces and dashes, in lower case. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}
