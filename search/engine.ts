import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import type { Database } from '../server/db/database.ts';
import { listOccupations } from '../server/occupations/queries.ts';
import { createMeiliClient } from './client.ts';
import { onIndexChanged } from './index-events.ts';
import { SearchLimiter } from './limiter.ts';
import type { TextHit } from './matching.ts';
import { useGazetteer } from './near.ts';
import { OutboxWorker } from './outbox.ts';
import { PostgresPublicSearch, type VisibleVacancies } from './postgres-search.ts';
import { MeiliPublicSearch } from './public-search.ts';
import { QueryCache } from './query-cache.ts';
import type { RefinementCounts } from './refinements.ts';
import { reindexIfOutdated } from './reindex.ts';
import { deleteDefaultKeys, ensureKeys, ensureMenteeIndex, ensureVacancyIndex } from './setup.ts';
import type { IndexSources } from './sources.ts';
import { ProjectMenteeSearch } from './tenant-tokens.ts';
import { SearchUnavailableError } from './unavailable.ts';
import { VACANCY_INDEX } from './vacancy-index.ts';
import type { VacancySearch, VacancySearchResult } from './vacancy-search.ts';

export interface SearchEngineOptions {
  db: Kysely<Database>;
  log: FastifyBaseLogger;
  url: string;
  masterKey: string;
  /** Each index's rows and document mapper, as the features registered them (server/indexing/sources.ts). */
  sources: IndexSources;
  /** The vacancies visible today (server/vacancies/visibility.ts): what the PostgreSQL fallback searches. */
  visibleVacancies: VisibleVacancies;
  /** The gazetteer's places and coordinates (near.ts turns a radius into place ids with them). */
  loadGazetteer: () => Promise<Parameters<typeof useGazetteer>[0]>;
  healthIntervalMs?: number;
  /** How often to look whether another instance changed the vacancies index (cache invalidation). */
  cacheCheckMs?: number;
  /** How long the start waits for search to be set up before going on degraded (default 5 s). */
  startWaitMs?: number;
  /** Searches of the match page and the public search at Meilisearch at once (default 4: two cores, each kept busy while an answer travels). */
  searchConcurrency?: number;
  /** How long a search waits for a slot before the portal answers "try again" (default 10 s). */
  searchQueueMs?: number;
}

/** A search's own time at Meilisearch (its wait in line not counted) before the client gives up. */
const SEARCH_TIMEOUT_MS = 2_000;

/**
 * Meilisearch as the portal sees it, with one life cycle: `start` sets search up (keys, indexes,
 * settings; waiting at most `startWaitMs`, then going on degraded) and begins the health and cache
 * checks; `stop` ends them and the outbox worker. Between the two, the clients exist once set up,
 * `available()` says whether Meilisearch answered its last health check, and the public search
 * answers from PostgreSQL while it did not.
 */
export class SearchEngine {
  /** Bounds the searches of the mentor and public clients at Meilisearch at once (limiter.ts). */
  readonly limiter: SearchLimiter;
  readonly worker: OutboxWorker;
  readonly sources: IndexSources;
  /**
   * Public search answers, dropped whenever the vacancies index changes (here or in another instance). An answer is
   * about 15 KB as JSON (20 hits; 85,000 vacancies, December 2026): 32 MB keeps about 2,000, twice the bench's mix.
   */
  readonly cache = new QueryCache<VacancySearchResult>({ maxBytes: 32 * 2 ** 20 });
  /**
   * The search page's refinement counts, keyed by the search without page and order (they depend on neither),
   * so paging or re-sorting a search costs no new count; dropped with the search cache.
   */
  readonly refinementCache = new QueryCache<RefinementCounts>();
  /**
   * The text queries the mentees who desire the same occupation share (matching.ts, sharedTextQuery). An answer of
   * 1,000 documents is about 850 KB as JSON, 0.55 MB of heap: 500 by count alone could hold 270 MB; 40 MB of JSON keeps ~50.
   */
  readonly matchTextCache = new QueryCache<readonly TextHit[]>({ maxEntries: 500, maxBytes: 40 * 2 ** 20 });
  /** The public search while Meilisearch is down. */
  readonly fallback: PostgresPublicSearch;

  // The master key only deletes Meilisearch's default keys and creates the limited keys; it serves no request.
  private readonly master: Meilisearch;
  private readonly health: Meilisearch;
  private indexer: Meilisearch | null = null;
  private mentorClient: Meilisearch | null = null;
  private publicSearch: { client: Meilisearch; search: MeiliPublicSearch } | null = null;
  private menteeClients: ProjectMenteeSearch | null = null;
  private up = false;
  private ready = false;
  private settingUp: Promise<void> | undefined;
  private indexUpdatedAt: string | undefined;
  private timers: NodeJS.Timeout[] = [];
  private stopListening: (() => void) | undefined;

  constructor(private readonly options: SearchEngineOptions) {
    this.master = createMeiliClient(options.url, options.masterKey);
    this.health = createMeiliClient(options.url, '', 1_000); // /health needs no key
    // A burst (180 searches at once in the SIGTERM drill, on a busy 2-core machine) waits its turn: 1 s in line turned
    // healthy bursts into 503s; 10 s still answers "try again" long before a browser or proxy gives up.
    this.limiter = new SearchLimiter({ concurrency: options.searchConcurrency ?? 4, queueTimeoutMs: options.searchQueueMs ?? 10_000 });
    this.sources = options.sources;
    this.worker = new OutboxWorker(options.db, () => this.admin, options.sources, options.log);
    this.fallback = new PostgresPublicSearch(options.db, options.visibleVacancies);
  }

  /** Indexer-key client: documents, settings, index swaps. Server-side only; throws until set up. */
  get admin(): Meilisearch {
    if (!this.indexer) throw new SearchUnavailableError('Meilisearch has not been set up yet');
    return this.indexer;
  }

  /** Mentor-search key client: searches the vacancies index only (null until set up). */
  mentor(): Meilisearch | null {
    return this.mentorClient;
  }

  /** Public-search key client: searches the vacancies index only (null until set up). */
  public(): Meilisearch | null {
    return this.publicSearch?.client ?? null;
  }

  /**
   * A client on the project's tenant token: searches the private mentees index and sees only the
   * project's documents, whatever the query asks (null until set up).
   */
  async menteeSearch(projectId: number): Promise<Meilisearch | null> {
    return (await this.menteeClients?.client(projectId)) ?? null;
  }

  /** Whether Meilisearch answered its last health check (and search is set up). */
  available(): boolean {
    return this.up && this.ready;
  }

  /** A search failed to reach Meilisearch: treat it as down until the next good health check, which sets it up again. */
  markDown(): void {
    this.up = false;
    this.ready = false;
    this.clearCaches();
  }

  /** Meilisearch ranks; when it cannot be reached, PostgreSQL answers the same question (degraded). */
  async searchVacancies(search: VacancySearch): Promise<VacancySearchResult> {
    const meili = this.publicSearch?.search;
    if (meili && this.available()) {
      try {
        // The search page and the API share one cached answer for the same search: the counts are not part of it.
        const { refinements, ...plain } = search;
        const answer = this.cache.fetch(JSON.stringify(plain), () => meili.search(plain));
        if (!refinements) return await answer;
        // The counts are asked beside the search, not after it (but for a part-time search its answer may spare, vacancy-search.ts).
        const { page: _page, perPage: _perPage, sort: _sort, ...counted } = plain;
        const [result, counts] = await Promise.all([
          answer,
          this.refinementCache.fetch(JSON.stringify(counted), () => meili.refinements(plain, answer)),
        ]);
        return { ...result, refinements: counts };
      } catch (error) {
        if (!(error instanceof SearchUnavailableError)) throw error;
        this.markDown();
        this.options.log.warn({ err: error }, 'search unavailable; answering from PostgreSQL');
      }
    }
    return this.fallback.search(search);
  }

  /** Applies settings and keys now (at start and when Meilisearch comes back); one set-up at a time. */
  setUp(): Promise<void> {
    this.settingUp ??= this.setUpOnce().finally(() => {
      this.settingUp = undefined;
    });
    return this.settingUp;
  }

  /** Looks whether the vacancies index changed (another instance wrote) and drops the caches if so; runs every cacheCheckMs. */
  async noticeIndexChanges(): Promise<void> {
    if (!this.indexer || !this.up) return;
    const info = await this.indexer
      .index(VACANCY_INDEX)
      .getRawInfo()
      .catch(() => undefined);
    const updatedAt = info ? String(info.updatedAt) : undefined;
    if (updatedAt !== this.indexUpdatedAt) this.clearCaches();
    this.indexUpdatedAt = updatedAt;
  }

  /**
   * Sets search up and starts the checks. A long set-up (settings applied to a large index, or a
   * rebuild) does not hold up the start: after `startWaitMs` the app answers, search degraded
   * (PostgreSQL), until it is done.
   */
  async start(): Promise<void> {
    const { log } = this.options;
    // Changes pushed by this process drop the caches at once; changes by other instances are seen
    // through the index's updatedAt, read at most every cacheCheckMs (a cheap request).
    this.stopListening = onIndexChanged((index) => {
      if (index === VACANCY_INDEX) this.clearCaches();
    });
    this.every(this.options.cacheCheckMs ?? 500, () => this.noticeIndexChanges());
    const starting = this.setUp();
    const startWait = new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), this.options.startWaitMs ?? 5_000).unref());
    try {
      if ((await Promise.race([starting, startWait])) === 'waiting') {
        log.warn('search is still being set up; it runs degraded until that is done');
        starting.catch((e: unknown) => log.warn({ err: e }, 'search set-up failed'));
      }
    } catch (error) {
      log.warn({ err: error }, 'Meilisearch is not reachable at start; search runs degraded until it is');
    }
    this.every(this.options.healthIntervalMs ?? 2_000, () => this.checkHealth());
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.stopListening?.();
    await this.worker.stop();
  }

  private every(ms: number, task: () => Promise<void>): void {
    const timer = setInterval(() => void task(), ms);
    timer.unref();
    this.timers.push(timer);
  }

  /**
   * The answers computed from the vacancies index are dropped together: on every change to the index, and by tools
   * that need a search engine with nothing cached (the tests' shared app, the bench's uncached first passes).
   */
  clearCaches(): void {
    this.cache.clear();
    this.refinementCache.clear();
    this.matchTextCache.clear();
  }

  private async setUpOnce(): Promise<void> {
    const { db, log, url } = this.options;
    const deleted = await deleteDefaultKeys(this.master);
    if (deleted.length > 0) log.info({ keys: deleted }, 'deleted the default Meilisearch keys (they could search every index)');
    const keys = await ensureKeys(this.master);
    const writer = createMeiliClient(url, keys.indexer);
    useGazetteer(await this.options.loadGazetteer());
    // An index written by an older version is rebuilt with the current settings; else the settings are applied.
    if (!(await reindexIfOutdated(db, writer, this.sources, (message) => log.info(message)))) {
      await ensureVacancyIndex(writer, await listOccupations(db));
    }
    await ensureMenteeIndex(writer);
    this.indexer = writer;
    this.mentorClient = createMeiliClient(url, keys.mentorSearch, SEARCH_TIMEOUT_MS, this.limiter);
    const publicClient = createMeiliClient(url, keys.publicSearch, SEARCH_TIMEOUT_MS, this.limiter);
    this.publicSearch = { client: publicClient, search: new MeiliPublicSearch(publicClient) };
    this.menteeClients = new ProjectMenteeSearch(url, keys.menteeTokens, 2_000);
    this.clearCaches();
    this.ready = true;
    this.up = true;
  }

  private async checkHealth(): Promise<void> {
    const wasUp = this.up;
    this.up = await this.health.isHealthy();
    if (this.up && !this.ready) await this.setUp().catch((e: unknown) => this.options.log.warn({ err: e }, 'search set-up failed'));
    if (this.up && !wasUp && this.ready) {
      this.options.log.info('search is reachable again; retrying the outbox');
      await this.worker.retryNow().catch(() => undefined);
    }
  }
}
