import pg from 'pg';

/**
 * How often one connection must run a statement before it prepares it. A statement run once (an `IN` list of a
 * length seen once, a report) costs what it costs today and takes no slot; the page's statements reach it at
 * once, since every page runs the same few.
 */
export const PREPARE_AFTER_USES = 2;
/**
 * The most statements one connection keeps prepared. PostgreSQL holds each one's parse tree and cached plan in
 * that connection's memory until the connection closes (tens of KB each), so this bounds it: 200 × the pool's 20
 * connections. The app runs a few hundred distinct statements in all; a page uses 4-10.
 */
export const MAX_PREPARED = 200;
/** How many statements' uses one connection counts before it forgets them all and counts afresh. */
const MAX_COUNTED = 1_000;

/**
 * A pg client that prepares the parameterised statements it runs often (PostgreSQL's named prepared statements),
 * so each is parsed and planned once per connection instead of once per run. At 100,000 vacancies PostgreSQL spent
 * 7.7-8.2 ms of CPU per mentee overview and 2.0-2.4 per match page, most of it parsing and planning nine and four
 * queries that each ran in 0.04-0.4 ms; prepared, 1.8 and 0.7 ms, and the app itself 15-20 % less (fewer
 * messages to write and read; bench/profile-pages.ts, alternating pairs, 7 December).
 *
 * Only statements with parameters are prepared: they already use the extended protocol, which runs one statement
 * per text, so naming them changes nothing but the reuse. Texts without parameters (migrations, BEGIN, COMMIT)
 * use the simple protocol as before. After the fifth run of a prepared statement PostgreSQL may keep a generic
 * plan for it when that plan is estimated no dearer than the custom ones, as every driver that prepares relies on.
 * A connection pooler in transaction mode between the app and PostgreSQL would break this (statements are a
 * connection's own): the portal connects to PostgreSQL directly (docker-compose.yml). A migration that changes a
 * table's columns under a running app would fail its prepared `select *` ("cached plan must not change result
 * type"): the portal migrates before it listens, and a new version replaces the old one.
 */
export class PreparingClient extends pg.Client {
  /** Each prepared statement's text and its name on this connection. */
  readonly #names = new Map<string, string>();
  /** How often each not yet prepared text ran on this connection. */
  readonly #uses = new Map<string, number>();

  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const run = this.query.bind(this) as (...args: unknown[]) => unknown;
    // Replaces the inherited method on the instance: pg's overloads cannot be restated in an override.
    this.query = ((first: unknown, ...rest: unknown[]) => {
      const values = rest[0];
      if (typeof first !== 'string' || !Array.isArray(values) || values.length === 0) return run(first, ...rest);
      const name = this.#nameFor(first);
      return name === undefined ? run(first, ...rest) : run({ name, text: first, values }, ...rest.slice(1));
    }) as typeof this.query;
  }

  /** The name to run this text under, once it ran often enough on this connection and a slot is free. */
  #nameFor(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined || this.#names.size >= MAX_PREPARED) return known;
    const uses = (this.#uses.get(text) ?? 0) + 1;
    if (uses < PREPARE_AFTER_USES) {
      if (this.#uses.size >= MAX_COUNTED) this.#uses.clear();
      this.#uses.set(text, uses);
      return undefined;
    }
    this.#uses.delete(text);
    const name = `jb_${this.#names.size + 1}`;
    this.#names.set(text, name);
    return name;
  }
}
