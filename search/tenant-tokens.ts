import type { Meilisearch } from 'meilisearch';
import { generateTenantToken } from 'meilisearch/token';
import { createMeiliClient } from './client.ts';
import { filter } from './filters.ts';
import { MENTEE_INDEX } from './mentee-index.ts';

/** A token lives ten minutes: a leaked one (a log line, a heap dump) is worth little for long. */
export const TOKEN_LIFETIME_MS = 10 * 60_000;
/** A token is replaced this long before it ends, so no request starts with one about to expire. */
const RENEW_BEFORE_MS = 2 * 60_000;

/**
 * The search rules of a project's tenant token: the mentees index only, and in it only the
 * project's documents. Meilisearch adds the filter to every search made with the token, so a
 * query asking for another project (or a bug that forgets the filter) finds nothing.
 */
export function projectSearchRules(projectId: number) {
  if (!Number.isSafeInteger(projectId)) throw new TypeError(`Not a project id: ${projectId}`);
  return { [MENTEE_INDEX]: { filter: filter.eq('projectId', String(projectId)) } };
}

interface Signed {
  client: Meilisearch;
  expiresAt: number;
}

/**
 * Clients for the mentees index, one per project, each on a tenant token signed with the
 * mentee-tokens key (search on the mentees index only). Signing is cheap but not free, and a
 * client holds its own connection settings: both are kept per project until the token is
 * near its end. Concurrent requests for a project share one signing.
 */
export class ProjectMenteeSearch {
  private readonly signed = new Map<number, Promise<Signed>>();

  constructor(
    private readonly host: string,
    private readonly signingKey: { key: string; uid: string },
    private readonly timeoutMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  async client(projectId: number): Promise<Meilisearch> {
    const cached = this.signed.get(projectId);
    if (cached) {
      const { client, expiresAt } = await cached;
      if (expiresAt - RENEW_BEFORE_MS > this.now()) return client;
      if (this.signed.get(projectId) !== cached) return this.client(projectId); // another request renewed it meanwhile
    }
    this.dropExpired();
    const signing = this.sign(projectId);
    this.signed.set(projectId, signing);
    // A failed signing is not kept: the next request tries again.
    signing.catch(() => this.signed.get(projectId) === signing && this.signed.delete(projectId));
    return (await signing).client;
  }

  private async sign(projectId: number): Promise<Signed> {
    const expiresAt = this.now() + TOKEN_LIFETIME_MS;
    const token = await generateTenantToken({
      apiKey: this.signingKey.key,
      apiKeyUid: this.signingKey.uid,
      searchRules: projectSearchRules(projectId),
      // Whole seconds, as the token's exp claim holds them; rounded down so it never outlives expiresAt.
      expiresAt: Math.floor(expiresAt / 1000),
    });
    return { client: createMeiliClient(this.host, token, this.timeoutMs), expiresAt };
  }

  /** Forgets the tokens of projects nobody searched for a while (the map stays as small as the active projects). */
  private dropExpired(): void {
    const now = this.now();
    for (const [projectId, signing] of this.signed) {
      void signing.then(
        ({ expiresAt }) => {
          if (expiresAt <= now && this.signed.get(projectId) === signing) this.signed.delete(projectId);
        },
        () => undefined,
      );
    }
  }
}
