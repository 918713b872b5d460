/**
 * A small hand-written extract of the schema.org vocabulary (https://schema.org, version 29): for
 * each type the portal emits, each property's expected types as schema.org lists them. A property
 * missing here, or a value of a type not listed, fails the JSON-LD test.
 */
type Expected = readonly string[];

export const VOCABULARY: Record<string, Record<string, Expected>> = {
  JobPosting: {
    title: ['Text'],
    description: ['Text'],
    datePosted: ['Date', 'DateTime'],
    validThrough: ['Date', 'DateTime'],
    employmentType: ['Text'],
    hiringOrganization: ['Organization', 'Person'],
    jobLocation: ['Place'],
    baseSalary: ['MonetaryAmount', 'Number', 'PriceSpecification'],
    directApply: ['Boolean'],
    educationRequirements: ['EducationalOccupationalCredential', 'Text'],
    experienceRequirements: ['OccupationalExperienceRequirements', 'Text'],
    jobStartDate: ['Date', 'Text'],
    occupationalCategory: ['CategoryCode', 'Text'],
    identifier: ['PropertyValue', 'Text', 'URL'],
    url: ['URL'],
  },
  Organization: { name: ['Text'], url: ['URL'], sameAs: ['URL'] },
  Place: { address: ['PostalAddress', 'Text'], geo: ['GeoCoordinates', 'GeoShape'] },
  PostalAddress: {
    addressLocality: ['Text'],
    postalCode: ['Text'],
    addressRegion: ['Text'],
    addressCountry: ['Country', 'Text'],
    streetAddress: ['Text'],
  },
  MonetaryAmount: {
    currency: ['Text'],
    value: ['Boolean', 'Number', 'StructuredValue', 'Text'],
    minValue: ['Number'],
    maxValue: ['Number'],
  },
  QuantitativeValue: {
    minValue: ['Number'],
    maxValue: ['Number'],
    value: ['Boolean', 'Number', 'StructuredValue', 'Text'],
    unitText: ['Text'],
    unitCode: ['Text', 'URL'],
  },
  PropertyValue: { name: ['Text'], propertyID: ['Text', 'URL'], value: ['Boolean', 'Number', 'StructuredValue', 'Text'] },
  CategoryCode: { codeValue: ['Text'], inCodeSet: ['CategoryCodeSet', 'URL'], name: ['Text'] },
  EducationalOccupationalCredential: { credentialCategory: ['DefinedTerm', 'Text', 'URL'] },
};

/** Each type's supertypes that matter here (schema.org's hierarchy, Thing omitted). */
const SUPERTYPES: Record<string, readonly string[]> = {
  MonetaryAmount: ['StructuredValue'],
  QuantitativeValue: ['StructuredValue'],
  PropertyValue: ['StructuredValue'],
  CategoryCode: ['DefinedTerm'],
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function matchesDataType(value: unknown, type: string): boolean {
  switch (type) {
    case 'Text':
      return typeof value === 'string';
    case 'URL':
      return typeof value === 'string' && /^https?:\/\/\S+$/.test(value);
    case 'Number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value));
    case 'DateTime':
      return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
    default:
      return false;
  }
}

/** Problems of a JSON-LD node against the vocabulary, as "path: problem" lines (empty when valid). */
export function vocabularyProblems(node: unknown, path = '$'): string[] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [`${path}: not an object`];
  const record = node as Record<string, unknown>;
  const type = record['@type'];
  if (typeof type !== 'string' || !VOCABULARY[type]) return [`${path}: unknown @type ${String(type)}`];
  const problems: string[] = [];
  for (const [property, raw] of Object.entries(record)) {
    if (property === '@type' || property === '@context') continue;
    const expected = VOCABULARY[type][property];
    if (!expected) {
      problems.push(`${path}.${property}: not a property of ${type}`);
      continue;
    }
    // schema.org allows any property to repeat.
    for (const [i, value] of (Array.isArray(raw) ? raw : [raw]).entries()) {
      const at = Array.isArray(raw) ? `${path}.${property}[${i}]` : `${path}.${property}`;
      if (typeof value === 'object' && value !== null) {
        const valueType = (value as Record<string, unknown>)['@type'];
        const types = typeof valueType === 'string' ? [valueType, ...(SUPERTYPES[valueType] ?? [])] : [];
        if (!types.some((t) => expected.includes(t))) problems.push(`${at}: ${String(valueType)} is not one of ${expected.join(', ')}`);
        else problems.push(...vocabularyProblems(value, at));
      } else if (!expected.some((t) => matchesDataType(value, t))) {
        problems.push(`${at}: ${JSON.stringify(value)} is not one of ${expected.join(', ')}`);
      }
    }
  }
  return problems;
}
