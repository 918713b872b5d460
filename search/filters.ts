/**
 * Building Meilisearch filter expressions. Every value that comes from outside
 * goes through `quote`, so quotes, backslashes or words like AND/OR inside a
 * value stay part of the value and can neither break nor widen the filter.
 * Attribute names are constants in code, never input.
 */
export function quote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function finite(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`Not a finite number: ${value}`);
  return String(value);
}

export const filter = {
  eq: (attribute: string, value: string) => `${attribute} = ${quote(value)}`,
  in: (attribute: string, values: readonly string[]) => `${attribute} IN [${values.map(quote).join(', ')}]`,
  isTrue: (attribute: string) => `${attribute} = true`,
  lte: (attribute: string, value: number) => `${attribute} <= ${finite(value)}`,
  gte: (attribute: string, value: number) => `${attribute} >= ${finite(value)}`,
  geoRadius: (lat: number, lng: number, meters: number) => `_geoRadius(${finite(lat)}, ${finite(lng)}, ${finite(Math.round(meters))})`,
  any: (...parts: string[]) => `(${parts.join(' OR ')})`,
  /** Negates an expression built here (its values are escaped already). */
  not: (expression: string) => `NOT (${expression})`,
  all: (parts: readonly string[]) => parts.map((p) => `(${p})`).join(' AND '),
};
