import { hash, verify, type Algorithm } from '@node-rs/argon2';

// Algorithm is a const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export interface PasswordHashCost {
  /** KiB of memory per hash. */
  memoryCost: number;
  /** Iterations. */
  timeCost: number;
}

/** OWASP's recommended minimum for argon2id (19 MiB, 2 iterations, 1 lane): what every real portal uses. */
export const PRODUCTION_HASH_COST: PasswordHashCost = { memoryCost: 19_456, timeCost: 2 };

let cost: PasswordHashCost = PRODUCTION_HASH_COST;

/**
 * Sets the cost of new hashes for this process (buildApp does, from Config.passwordHashCost). Only the test
 * suite lowers it: thousands of logins at 60 ms of CPU each were a fifth of its time. Still argon2id, and
 * verifying reads the cost from the stored hash, so hashes of either cost verify.
 */
export function setPasswordHashCost(next: PasswordHashCost): void {
  cost = next;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...cost, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verifying against this when no account matches keeps the answer time the same. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing');
  await verify(await dummyHash, password).catch(() => false);
  return false;
}
