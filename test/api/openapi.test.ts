import { validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';

interface Document {
  openapi: string;
  paths: Record<
    string,
    Record<string, { parameters?: { name: string }[]; responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components?: { schemas?: Record<string, object> };
}

const app = useTestApp();
let doc: Document;
let vacancyId: string;
const word = unique('openapi');

beforeAll(async () => {
  const employer = await createEmployer(app);
  const agent = await loginAs(app, employer.email);
  // One vacancy with everything filled (pay, direct application) and one plain, so nullable fields are seen both ways.
  vacancyId = await postVacancy(agent, { title: `Pflegehelfer ${word}`, town: 'Leipzig', kind: 'job', occupation: '81302' });
  await postVacancy(agent, {
    title: `Ausbildung Pflege ${word}`,
    town: 'Dresden',
    kind: 'apprenticeship',
    occupation: '81302',
    durationMonths: '36',
    startDate: '2027-08-01',
  });
  await flushOutbox(app);
  doc = (await request(app.server).get('/api/v1/openapi.json').expect(200)).body as Document;
});

/**
 * One request per documented (operation, status). The test below fails when an operation documents a
 * status without an example here, so a new response cannot go undocumented-but-untested.
 */
const EXAMPLES: Record<string, Record<string, () => string>> = {
  'get /api/v1/vacancies': {
    '200': () => `/api/v1/vacancies?q=${word}`,
    '400': () => '/api/v1/vacancies?germanLevel=Z9&page=0',
  },
  'get /api/v1/vacancies/{id}': {
    '200': () => `/api/v1/vacancies/${vacancyId}`,
    '404': () => '/api/v1/vacancies/not-a-uuid',
  },
  'get /api/v1/occupations': {
    '200': () => '/api/v1/occupations?q=pflege&lang=uk',
    '400': () => `/api/v1/occupations?q=${'x'.repeat(101)}`,
  },
  'get /api/v1/places': {
    '200': () => '/api/v1/places?q=01067',
    '400': () => `/api/v1/places?q=${'x'.repeat(101)}`,
  },
};
/** Statuses the portal answers for every route but that a test cannot provoke on purpose here (overload, rate limit). */
const NOT_PROVOKED = new Set(['429', '503']);

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document describing the four operations', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, JSON.stringify((result as { errors?: unknown }).errors)).toBe(true);
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/occupations', '/api/v1/places', '/api/v1/vacancies', '/api/v1/vacancies/{id}']);
    expect(doc.paths['/api/v1/vacancies']!.get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'town', 'germanLevel', 'page']),
    );
  });

  it('matches every documented response the API gives', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) ajv.addSchema(schema, `#/components/schemas/${name}`);
    const checked: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (NOT_PROVOKED.has(status)) continue;
          const example = EXAMPLES[`${method} ${path}`]?.[status];
          expect(example, `no example request for ${method} ${path} → ${status}`).toBeDefined();
          const res = await request(app.server)[method as 'get'](example!());
          expect(res.status, `${method} ${path} → ${status}`).toBe(Number(status));
          const schema = response.content?.['application/json']?.schema;
          expect(schema).toBeDefined();
          const check = ajv.compile(schema!);
          expect(check(res.body), `${method} ${path} → ${status}: ${ajv.errorsText(check.errors)}`).toBe(true);
          checked.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(checked).toHaveLength(8);
  });

  it('documents what a search hit carries, so a client can rely on the fields the API sends', async () => {
    const res = await request(app.server).get(`/api/v1/vacancies?q=${word}`).expect(200);
    expect(res.body.total).toBe(2);
    const documented = Object.keys((doc.components!.schemas!.VacancyHit as { properties: object }).properties).sort();
    for (const hit of res.body.hits) expect(Object.keys(hit).sort()).toEqual(documented);
  });
});

describe('the route schemas', () => {
  it('refuse a bad query before the handler, naming each parameter in the request language', async () => {
    const res = await request(app.server).get('/api/v1/vacancies?germanLevel=Z9&page=0').set('accept-language', 'en').expect(400);
    expect(res.body.error.code).toBe('invalid_query');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['germanLevel', 'page']);
    expect(res.body.error.fields.germanLevel).not.toContain('search.errors');
  });

  it('answer a malformed id as a vacancy that does not exist', async () => {
    const res = await request(app.server).get('/api/v1/vacancies/%27%20OR%201=1').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('the reference page', () => {
  it('shows every operation, its parameters and the schemas for people, without a script', async () => {
    const res = await request(app.server).get('/api/v1').set('accept-language', 'en').expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    for (const path of ['/api/v1/vacancies', '/api/v1/vacancies/{id}', '/api/v1/occupations', '/api/v1/places'])
      expect(res.text).toContain(path);
    expect(res.text).toContain('germanLevel');
    expect(res.text).toContain('VacancyDetail');
    expect(res.text).toContain('href="/api/v1/openapi.json"');
    expect(res.text).not.toMatch(/<script(?! type="application\/ld\+json")/);
  });
});
