/** Ranking quality against graded judgements (2: propose first, 1: worth showing; unjudged: not relevant). */
export type Grades = ReadonlyMap<string, number>;

/** Share of the first k results that are relevant (grade ≥ 1); fewer than k results count the gaps as misses. */
export function precisionAt(k: number, ranking: readonly string[], grades: Grades): number {
  return ranking.slice(0, k).filter((key) => (grades.get(key) ?? 0) > 0).length / k;
}

function dcg(gains: readonly number[]): number {
  return gains.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
}

/** DCG of the first k results with the grades as gains, over the DCG of the judgements in their best order. */
export function ndcgAt(k: number, ranking: readonly string[], grades: Grades): number {
  const ideal = dcg([...grades.values()].sort((a, b) => b - a).slice(0, k));
  if (ideal === 0) return 0;
  return dcg(ranking.slice(0, k).map((key) => grades.get(key) ?? 0)) / ideal;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
