import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { gone } from '../http/refusal.ts';

/**
 * One-time links (password reset, registration confirmation, invitations): 32 random bytes
 * in the link, only their SHA-256 in the database, so a leaked table holds no
 * usable link. A plain hash is enough: the token has 256 bits of entropy.
 */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 32 bytes in base64url are 43 characters; anything else cannot be a token (checked before any query). */
export const Token = z.string().regex(/^[\w-]{43}$/);

/** The token of a link, from the query (GET) or the form (POST). */
const TokenQuery = z.object({ token: Token });

/** Which form a one-time link opens; its "not valid" page and messages are named after it. */
export type LinkArea = 'passwordReset' | 'registration';

/**
 * The one refusal (410, `link_not_valid`) for a link that is unknown, malformed, used or expired, so links
 * cannot be probed for which of these they are.
 */
export const linkNotValid = (area: LinkArea) => gone(`${area}.notValid.message`, 'link_not_valid');

/** The token a query string (GET) or form body (POST) carries, when it can be one. */
export function tokenIn(input: unknown): string | undefined {
  const parsed = TokenQuery.safeParse(input);
  return parsed.success ? parsed.data.token : undefined;
}
