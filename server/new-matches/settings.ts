import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, Role } from '../db/database.ts';
import { digestWanted, setDigestWanted } from './queries.ts';

/**
 * The mentor's one setting: the daily e-mail of new matches, on or off. A checkbox sends "on"
 * or nothing (JSON clients may send a boolean); anything else is refused, not read as off.
 */
export const DigestSettingInput = z.object({
  newMatchDigest: z
    .union([z.literal('on'), z.literal(true), z.literal(false)])
    .optional()
    .transform((value) => value === 'on' || value === true),
});

/** What the account page shows: the setting, for mentors only (the only role the digest is for). */
export async function digestSetting(
  db: Kysely<Database>,
  account: { id: string; role: Role },
): Promise<{ on: boolean; value: 'on' | '' } | undefined> {
  if (account.role !== 'mentor') return undefined;
  const on = await digestWanted(db, account.id);
  return { on, value: on ? 'on' : '' };
}

export async function saveDigestSetting(db: Kysely<Database>, accountId: string, on: boolean): Promise<void> {
  await setDigestWanted(db, accountId, on);
}

/** The confirmations the account page shows after saving (server/http/notices.ts: `?saved=digest-on|digest-off`). */
export const DIGEST_NOTICES = ['digest-on', 'digest-off'] as const;
export const digestNotice = (on: boolean): (typeof DIGEST_NOTICES)[number] => (on ? 'digest-on' : 'digest-off');
