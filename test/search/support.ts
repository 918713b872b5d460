import { randomInt } from 'node:crypto';
import type { Agent } from 'supertest';
import { Meilisearch, type MultiSearchParams } from 'meilisearch';
import { vi } from 'vitest';
import { csrfFrom, encodeForm } from '../helpers/app.ts';

/** Dresden as the places table has it (GeoNames). */
export const DRESDEN = { lat: 51.05089, lng: 13.73832 };

/**
 * A search word no other data contains: letters only, so neither Meilisearch's
 * tokenizer nor the German stemmer of the Postgres fallback splits it.
 */
export function searchWord(): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  let word = 'zq';
  for (let i = 0; i < 10; i += 1) word += letters[randomInt(letters.length)];
  return word;
}

/** Great-circle distance in km, computed here independently of the app. */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/** Closes an own vacancy through the employer's page. */
export async function closeVacancy(agent: Agent, id: string): Promise<void> {
  const page = await agent.get(`/employer/vacancies/${id}`);
  const closed = await agent
    .post(`/employer/vacancies/${id}/close`)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text) }));
  if (closed.status !== 303) throw new Error(`Closing failed with ${closed.status}`);
}

/** Polls a condition until it holds or the time is up; returns whether it held. */
export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

/** A link's address as the page escapes it, read back. */
export const decodeHref = (href: string) => href.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');

/** The total the page states ("12 Stellen gefunden…", "1 Stelle gefunden", or none). */
export function totalOf(html: string): number {
  const heading = /<h2 id="results-count"[^>]*>([^<]*)<\/h2>/.exec(html)?.[1] ?? '';
  if (heading.startsWith('Keine')) return 0;
  const count = /^([\d.]+) Stelle/.exec(heading)?.[1];
  if (count === undefined) throw new Error(`No count in ${heading}`);
  return Number(count.replaceAll('.', ''));
}

/** The facet links of the page: heading of the group, the link and the count it promises. */
export function facetLinks(html: string) {
  const aside = html.slice(html.indexOf('<aside class="facets"'), html.indexOf('</aside>'));
  return [...aside.matchAll(/<a href="([^"]+)">([^<]*) <span class="count">\(<bdi>([\d.]+)<\/bdi>\)<\/span><\/a>/g)].map((m) => ({
    href: decodeHref(m[1]!),
    label: m[2]!,
    count: Number(m[3]!.replaceAll('.', '')),
  }));
}

/**
 * The searches (the queries of each multi-search) the app sends Meilisearch from now on; `vi.restoreAllMocks()` ends the
 * watch. On the class: the app's client is wrapped by the search limiter (search/client.ts), and a spy on the client
 * would take a second slot. The real Meilisearch still answers.
 */
export function watchSearches(): () => MultiSearchParams['queries'] {
  const spy = vi.spyOn(Meilisearch.prototype, 'multiSearch');
  return () => spy.mock.calls.flatMap(([params]) => (params as MultiSearchParams).queries);
}

/** Vacancies of two kinds, three German levels and every working time, so each refinement count of a search for them differs. */
export const COUNT_POSTS: readonly Record<string, string>[] = [
  { town: 'Dresden', kind: 'job', germanLevel: 'none', workingTime: 'full' },
  { town: 'Dresden', kind: 'job', germanLevel: 'A2', workingTime: 'part' },
  { town: 'Pirna', kind: 'job', germanLevel: 'B1', workingTime: 'either' },
  { town: 'Leipzig', kind: 'apprenticeship', germanLevel: 'A2', workingTime: 'full', partTimeTraining: 'on', durationMonths: '36' },
];
