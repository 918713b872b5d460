/**
 * The OpenAPI document as a page for people (GET /api/v1): each operation with its parameters and responses,
 * each schema with its fields. Built from the generated document, so the page cannot drift from the API.
 * Plain HTML, no script: the portal's CSP stays as it is.
 */

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  pattern?: string;
  format?: string;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

interface Operation {
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocument {
  info: { title: string; description?: string; version: string };
  servers?: { url: string }[];
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

/** A schema in a few words: "string, at most 200", "one of: job, apprenticeship", "VacancyHit[]", "number or null". */
export function describeType(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(describeType).join(' or ');
  if (schema.enum) return `one of: ${schema.enum.map(String).join(', ')}`;
  if (schema.type === 'array') return `${describeType(schema.items)}[]`;
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  const limits = [
    schema.format,
    schema.pattern && `pattern ${schema.pattern}`,
    schema.maxLength !== undefined && `at most ${schema.maxLength} characters`,
    schema.minimum !== undefined && `≥ ${schema.minimum}`,
    schema.maximum !== undefined && `≤ ${schema.maximum}`,
    schema.default !== undefined && `default ${JSON.stringify(schema.default)}`,
  ].filter(Boolean);
  return limits.length > 0 ? `${type} (${limits.join(', ')})` : type;
}

/** Fields of an object schema, nested objects flattened with dotted names (pay.min). */
function fieldsOf(schema: JsonSchema, prefix = ''): { name: string; type: string; required: boolean; description: string }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, field]) => {
    const row = {
      name: prefix + name,
      type: field.properties ? 'object' : describeType(field),
      required: schema.required?.includes(name) ?? false,
      description: field.description ?? '',
    };
    return field.properties ? [row, ...fieldsOf(field, `${prefix}${name}.`)] : [row];
  });
}

/** The view data of views/api/reference.hbs. */
export function referencePage(document: unknown) {
  const doc = document as OpenApiDocument;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      anchor: `${method}${path.replace(/[^a-z0-9]/gi, '-')}`,
      method: method.toUpperCase(),
      path,
      summary: operation.summary ?? '',
      description: operation.description ?? '',
      parameters: (operation.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required ?? false,
        type: describeType(p.schema),
        description: p.description ?? p.schema?.description ?? '',
      })),
      responses: Object.entries(operation.responses ?? {}).map(([status, response]) => ({
        status,
        description: response.description ?? '',
        type: describeType(response.content?.['application/json']?.schema),
      })),
    })),
  );
  const schemas = Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => ({
    name,
    description: schema.description ?? '',
    fields: fieldsOf(schema),
  }));
  return { title: doc.info.title, info: doc.info, server: doc.servers?.[0]?.url ?? '', operations, schemas };
}
