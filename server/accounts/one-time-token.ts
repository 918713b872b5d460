import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * One-time links (password reset, registration confirmation): 32 random bytes
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
