import type { FastifyRequest } from 'fastify';
import { KINDS, RADIUS_CHOICES, SEARCHER_GERMAN_LEVELS } from '../domain.ts';
import { occupationName } from '../occupations/catalogue.ts';
import type { RefinementCounts } from '../../search/refinements.ts';
import { VACANCY_SORTS, type VacancySearchResult } from '../../search/vacancy-search.ts';
import { formatPay } from './pay.ts';
import { DEFAULT_RADIUS_KM, SearchQuery } from './schemas.ts';

/** The query fields of a search, in the order its links spell them. */
export const SEARCH_FIELDS = [
  'q',
  'town',
  'radiusKm',
  'kind',
  'germanLevel',
  'workingTime',
  'minPayMonthly',
  'occupation',
  'sort',
  'page',
  'perPage',
] as const;

type Values = Record<string, unknown>;

/** The search's own fields as a query string (no lang, no unknown keys), with `changes` applied; empty values dropped. */
export function searchQueryString(values: Values, changes: Record<string, string | undefined> = {}): string {
  const merged: Values = { ...values, ...changes };
  const params = new URLSearchParams();
  for (const key of SEARCH_FIELDS) {
    const value = merged[key];
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  return params.toString();
}

const searchLink = (values: Values, changes: Record<string, string | undefined> = {}) => {
  const query = searchQueryString(values, { page: undefined, ...changes });
  return query ? `/vacancies?${query}` : '/vacancies';
};

/** The filters the searcher chose, each a link to the same search without it (the town takes its radius and "nearest" along). */
function chips(request: FastifyRequest, values: Values) {
  const set = (key: string) => typeof values[key] === 'string' && values[key] !== '';
  const label = (group: string, value: unknown) => request.t(`values.${group}.${String(value)}`);
  const list: { text: string; href: string }[] = [];
  if (set('town')) {
    const withoutTown = { town: undefined, radiusKm: undefined, sort: values.sort === 'nearest' ? undefined : (values.sort as string) };
    list.push({
      text: request.t('search.chips.town', { town: String(values.town), km: String(values.radiusKm || DEFAULT_RADIUS_KM) }),
      href: searchLink(values, withoutTown),
    });
  }
  if (set('kind'))
    list.push({ text: `${request.t('search.kind')}: ${label('kind', values.kind)}`, href: searchLink(values, { kind: undefined }) });
  if (set('germanLevel'))
    list.push({
      text: `${request.t('search.germanLevel')}: ${label('germanLevel', values.germanLevel)}`,
      href: searchLink(values, { germanLevel: undefined }),
    });
  if (set('workingTime'))
    list.push({
      text: `${request.t('search.workingTime')}: ${label('searchWorkingTime', values.workingTime)}`,
      href: searchLink(values, { workingTime: undefined }),
    });
  if (set('minPayMonthly'))
    list.push({
      text: request.t('search.chips.minPay', { amount: new Intl.NumberFormat(request.locale).format(Number(values.minPayMonthly)) }),
      href: searchLink(values, { minPayMonthly: undefined }),
    });
  if (set('occupation')) {
    const code = /\d{5}/.exec(String(values.occupation))?.[0] ?? String(values.occupation);
    list.push({
      text: `${request.t('search.chips.occupation')}: ${occupationName(code, request.locale)}`,
      href: searchLink(values, { occupation: undefined }),
    });
  }
  return list;
}

/** Facet links: what each leads to is counted exactly (search/refinements.ts); values that lead nowhere are left out. */
function facetGroups(values: Values, counts: RefinementCounts) {
  const group = <T extends string>(
    name: 'kind' | 'germanLevel' | 'workingTime',
    labelGroup: string,
    order: readonly T[],
    of: Record<T, number>,
  ) => ({
    name,
    labelGroup,
    items: order
      .filter((value) => of[value] > 0)
      .map((value) => ({ value, count: of[value], href: searchLink(values, { [name]: value }), current: values[name] === value })),
  });
  return [
    group('kind', 'kind', KINDS, counts.kind),
    group('germanLevel', 'germanLevel', SEARCHER_GERMAN_LEVELS, counts.germanLevel),
    group('workingTime', 'searchWorkingTime', ['full', 'part'] as const, counts.workingTime),
  ].filter((g) => g.items.length > 0);
}

/** The orders as links; "nearest" only where there is a town to be near to. */
function sortLinks(values: Values) {
  const chosen = (values.sort as string | undefined) || 'relevance';
  return VACANCY_SORTS.filter((sort) => sort !== 'nearest' || Boolean(values.town)).map((sort) => ({
    value: sort,
    href: searchLink(values, { sort: sort === 'relevance' ? undefined : sort }),
    current: sort === chosen,
  }));
}

/** When nothing was found: a wider radius, the same words in all of Saxony (the chips remove single filters). */
function nextSteps(values: Values) {
  const radius = Number(values.radiusKm ?? 25);
  const wider = values.town ? RADIUS_CHOICES.find((km) => km > radius) : undefined;
  const anyFilter = ['town', 'kind', 'germanLevel', 'workingTime', 'minPayMonthly', 'occupation'].some((k) => values[k]);
  return {
    widerRadius: wider === undefined ? null : { km: wider, href: searchLink(values, { radiusKm: String(wider) }) },
    everywhere: anyFilter ? searchLink({ q: values.q }) : null,
  };
}

/** Everything the results page shows around the hits. */
export function presentResult(request: FastifyRequest, result: VacancySearchResult, values: Values, counts: RefinementCounts) {
  const pages = Math.max(1, Math.ceil(result.total / result.perPage));
  // The vacancy page's "back to search" returns to exactly this page of this search.
  const back = searchQueryString(values);
  return {
    ...result,
    hits: result.hits.map((hit) => ({
      ...hit,
      url: back ? `${hit.url}?${new URLSearchParams({ back }).toString()}` : hit.url,
      distanceKm: hit.distanceKm === null ? null : Math.round(hit.distanceKm),
      payText: formatPay(hit.pay, request.locale),
    })),
    chips: chips(request, values),
    facetGroups: facetGroups(values, counts),
    sorts: sortLinks(values),
    nextSteps: result.total === 0 ? nextSteps(values) : null,
    pages,
    previous: result.page > 1 ? searchLink(values, { page: String(result.page - 1) }) : null,
    next: result.page < pages ? searchLink(values, { page: String(result.page + 1) }) : null,
    first: (result.page - 1) * result.perPage + 1,
    last: Math.min(result.total, result.page * result.perPage),
  };
}

/** How many of the filters inside the "Filter" disclosure are set (its summary says so). */
export function chosenFilterCount(values: Values): number {
  return ['kind', 'germanLevel', 'workingTime', 'minPayMonthly', 'occupation'].filter(
    (k) => typeof values[k] === 'string' && values[k] !== '',
  ).length;
}

/**
 * The vacancy page's "back to search" link: the search it came from, if `back` is a valid search;
 * re-spelled from its own fields, so the link can only ever lead to /vacancies on this site.
 */
export function backToSearchHref(back: unknown): string {
  if (typeof back !== 'string' || back.length > 1000) return '/vacancies';
  const values = Object.fromEntries(new URLSearchParams(back));
  if (!SearchQuery.safeParse(values).success) return '/vacancies';
  const query = searchQueryString(values);
  return query ? `/vacancies?${query}` : '/vacancies';
}
