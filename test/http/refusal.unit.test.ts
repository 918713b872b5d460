import Fastify from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { noticeFrom, withNotice } from '../../server/http/notices.ts';
import {
  conflict,
  describeRefusal,
  forbidden,
  gone,
  invalid,
  unavailable,
  notFound,
  ok,
  parseForm,
  rateLimited,
  refusedSummary,
  sendRefusal,
  withFieldChecks,
  type RefusedForm,
} from '../../server/http/refusal.ts';
import { IdParams, pageQuery, typedRoutes } from '../../server/http/typed-routes.ts';

/** A translator that shows which key (and values) it was asked for. */
const t = (key: string, vars?: Record<string, unknown>) => (vars ? `${key}(${JSON.stringify(vars)})` : `[${key}]`);
const reader = { t } as unknown as FastifyRequest;

/** The parts of a request and reply sendRefusal touches, recording what was sent. */
function exchange(accept = 'text/html') {
  const sent: {
    status?: number;
    json?: unknown;
    headers?: Record<string, string>;
    page?: { view: string; data: Record<string, unknown>; status: number };
  } = {};
  const reply = {
    header(name: string, value: string) {
      sent.headers = { ...sent.headers, [name]: value };
      return reply;
    },
    code(status: number) {
      sent.status = status;
      return reply;
    },
    type: () => reply,
    send(body: unknown) {
      sent.json = body;
      return reply;
    },
    page(view: string, data: Record<string, unknown>, status: number) {
      sent.page = { view, data, status };
      return reply;
    },
  };
  const request = { headers: { accept }, url: '/mentor/x', t };
  return { request: request as unknown as FastifyRequest, reply: reply as unknown as FastifyReply, sent };
}

describe('describeRefusal: one status and code per kind', () => {
  it('maps each kind to its status, JSON code and translated messages', () => {
    expect(describeRefusal(reader, notFound())).toEqual({ status: 404, code: 'not_found', message: '[errors.notFound]', errors: {} });
    expect(describeRefusal(reader, notFound('errors.vacancyNotFound')).message).toBe('[errors.vacancyNotFound]');
    expect(describeRefusal(reader, forbidden())).toMatchObject({ status: 403, code: 'forbidden', message: '[errors.forbidden]' });
    expect(describeRefusal(reader, conflict('introduction.errors.already'))).toMatchObject({
      status: 409,
      code: 'conflict',
      message: '[introduction.errors.already]',
    });
    expect(describeRefusal(reader, conflict('followUps.errors.ended', 'placement_ended')).code).toBe('placement_ended');
    expect(describeRefusal(reader, unavailable('matching.unavailable'))).toEqual({
      status: 503,
      code: 'unavailable',
      message: '[matching.unavailable]',
      errors: {},
    });
    expect(
      describeRefusal(reader, invalid({ title: 'vacancy.errors.title', towns: { key: 'admin.errors.towns', vars: { n: 3 } } })),
    ).toEqual({
      status: 422,
      code: 'validation',
      message: '[errors.validation]',
      errors: { title: '[vacancy.errors.title]', towns: 'admin.errors.towns({"n":3})' },
    });
  });
});

describe('sendRefusal: the one mapping to page, form or JSON', () => {
  it('re-renders the form with 422 and translated field messages for refused input on an HTML request', async () => {
    const { request, reply, sent } = exchange();
    let shown: RefusedForm | undefined;
    await sendRefusal(request, reply, invalid({ title: 'vacancy.errors.title' }), (form) => (shown = form));
    expect(shown).toEqual({ status: 422, errors: { title: '[vacancy.errors.title]' } });
    expect(sent.page).toBeUndefined();
  });

  it('re-renders the form with 409 and the conflict as the problem', async () => {
    const { request, reply } = exchange();
    let shown: RefusedForm | undefined;
    await sendRefusal(request, reply, conflict('introduction.errors.already'), (form) => (shown = form));
    expect(shown).toEqual({ status: 409, errors: {}, problem: '[introduction.errors.already]' });
  });

  it('answers JSON with the field messages when the client asks for JSON, even where a form exists', async () => {
    const { request, reply, sent } = exchange('application/json');
    await sendRefusal(request, reply, invalid({ title: 'vacancy.errors.title' }), () => {
      throw new Error('no form for a JSON client');
    });
    expect(sent.status).toBe(422);
    expect(sent.json).toEqual({
      error: { code: 'validation', message: '[errors.validation]', fields: { title: '[vacancy.errors.title]' } },
    });
  });

  it('answers not found with the error page, never the form', async () => {
    const { request, reply, sent } = exchange();
    await sendRefusal(request, reply, notFound(), () => {
      throw new Error('a missing object has no form');
    });
    expect(sent.page).toEqual({
      view: 'errors/error',
      data: { title: '[errors.titles.404]', status: 404, message: '[errors.notFound]' },
      status: 404,
    });
  });

  it('asks the client to try again shortly when a service is away', async () => {
    const { request, reply, sent } = exchange('application/json');
    await sendRefusal(request, reply, unavailable('matching.unavailable'));
    expect(sent.status).toBe(503);
    expect(sent.headers).toEqual({ 'retry-after': '5' });
  });

  it('answers too many tries with 429 and the wait the refusal names', async () => {
    const { request, reply, sent } = exchange('application/json');
    const wait = { key: 'accounts.rateLimited', vars: { minutes: 15 } };
    await sendRefusal(request, reply, rateLimited(900, wait), () => {
      throw new Error('a locked step has no form to show again');
    });
    expect(sent.status).toBe(429);
    expect(sent.headers).toEqual({ 'retry-after': '900' });
    expect(describeRefusal(reader, rateLimited(900, wait))).toMatchObject({
      status: 429,
      code: 'rate_limited',
      message: 'accounts.rateLimited({"minutes":15})',
    });
  });

  it('answers a conflict without a form as a 409 page', async () => {
    const { request, reply, sent } = exchange();
    await sendRefusal(request, reply, conflict('introduction.errors.alreadyFilled'));
    expect(sent.page?.status).toBe(409);
    expect(sent.page?.data.message).toBe('[introduction.errors.alreadyFilled]');
  });

  it("answers a gone link with 410 and no-store: the route's own page, else the error page, JSON with the link's code", async () => {
    const link = gone('passwordReset.notValid.message', 'link_not_valid');
    const page = exchange();
    let shown: unknown;
    await sendRefusal(page.request, page.reply, link, {
      form: () => {
        throw new Error('a gone link has no form to show again');
      },
      gone: (answer) => (shown = answer),
    });
    expect(shown).toEqual({ status: 410, message: '[passwordReset.notValid.message]' });
    expect(page.sent.headers).toEqual({ 'cache-control': 'no-store' });

    const plain = exchange();
    await sendRefusal(plain.request, plain.reply, gone());
    expect(plain.sent.page).toEqual({
      view: 'errors/error',
      data: { title: '[errors.titles.410]', status: 410, message: '[errors.gone]' },
      status: 410,
    });

    const json = exchange('application/json');
    await sendRefusal(json.request, json.reply, link, { gone: () => Promise.reject(new Error('JSON clients get JSON')) });
    expect(json.sent.status).toBe(410);
    expect(json.sent.headers).toEqual({ 'cache-control': 'no-store' });
    expect(json.sent.json).toEqual({ error: { code: 'link_not_valid', message: '[passwordReset.notValid.message]' } });
  });
});

describe('parseForm and refusedSummary', () => {
  const Form = z.object({ title: z.string().min(1, 'vacancy.errors.title'), hours: z.coerce.number('vacancy.errors.hours') });

  it('gives the parsed value or the first message per field', () => {
    expect(parseForm(Form, { title: 'Koch', hours: '20' })).toEqual({ ok: true, value: { title: 'Koch', hours: 20 } });
    expect(parseForm(Form, { title: '', hours: 'x' })).toEqual(invalid({ title: 'vacancy.errors.title', hours: 'vacancy.errors.hours' }));
  });

  it('adds the checks beyond the schema, each only while its field has no message, every problem at once', async () => {
    const asked: string[] = [];
    const check = (field: string, problem?: string) => () => {
      asked.push(field);
      return Promise.resolve(problem);
    };
    const refused = await withFieldChecks(parseForm(Form, { title: '', hours: '20' }), {
      title: check('title', 'never asked'),
      hours: check('hours', 'vacancy.errors.tooMany'),
    });
    expect(refused).toEqual(invalid({ title: 'vacancy.errors.title', hours: 'vacancy.errors.tooMany' }));
    expect(asked).toEqual(['hours']);
    expect(await withFieldChecks(parseForm(Form, { title: 'Koch', hours: '20' }), { hours: check('hours') })).toEqual(
      ok({ title: 'Koch', hours: 20 }),
    );
  });

  it('lists the problem first, then the fields in form order', () => {
    const form: RefusedForm = { status: 409, errors: { hours: 'H', title: 'T' }, problem: 'P' };
    expect(refusedSummary(form, ['title', 'hours'])).toEqual([
      { field: 'status', message: 'P' },
      { field: 'title', message: 'T' },
      { field: 'hours', message: 'H' },
    ]);
    expect(refusedSummary(undefined, ['title'])).toEqual([]);
  });
});

describe('notices after a redirect', () => {
  const requestWith = (query: Record<string, unknown>) => ({ query }) as unknown as FastifyRequest;

  it('reads only the notices the page knows', () => {
    expect(noticeFrom(requestWith({ saved: 'created' }), ['created', 'updated'])).toBe('created');
    expect(noticeFrom(requestWith({ saved: '<script>' }), ['created'])).toBeUndefined();
    expect(noticeFrom(requestWith({ saved: ['created', 'x'] }), ['created'])).toBeUndefined();
    expect(noticeFrom(requestWith({ done: 'approved' }), ['approved'], 'done')).toBe('approved');
  });

  it('adds the notice after the query and before the anchor', () => {
    expect(withNotice('/employer/vacancies/1', 'published')).toBe('/employer/vacancies/1?saved=published');
    expect(withNotice('/m/1/matches?all=1#match-2', 'proposed')).toBe('/m/1/matches?all=1&saved=proposed#match-2');
  });
});

describe('typedRoutes: params and query strings typed before the handler', () => {
  async function app() {
    const root = Fastify();
    root.decorateRequest('t', function (key: string) {
      return key;
    });
    root.setErrorHandler(async (_error, _request, reply) => reply.code(500).send({ parent: true }));
    await root.register(async (scope) => {
      const typed = typedRoutes(scope, 'errors.vacancyNotFound');
      typed.get(
        '/things/:id',
        { schema: { params: IdParams, querystring: pageQuery({ page: z.coerce.number().int().min(1) }) } },
        async (request) => ({
          id: request.params.id,
          page: request.query.page ?? 1,
          notice: (request.query as Record<string, unknown>).notice,
        }),
      );
      typed.get('/boom', async () => {
        throw new Error('boom');
      });
    });
    return root;
  }

  it('answers a malformed id with 404 (not a 400 from the schema)', async () => {
    const response = await (await app()).inject({ url: '/things/not-an-id', headers: { accept: 'application/json' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'errors.vacancyNotFound' } });
  });

  it('lets a bad query value fall back and keeps the parameters the schema does not name', async () => {
    const id = '0b5e8f0e-8a5c-4a4e-9c59-2f0d6f1e0a11';
    const response = await (await app()).inject({ url: `/things/${id}?page=zero&notice=password-changed` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id, page: 1, notice: 'password-changed' });
    expect((await (await app()).inject({ url: `/things/${id}?page=3` })).json().page).toBe(3);
  });

  it('hands other errors to the parent error handler', async () => {
    const response = await (await app()).inject({ url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ parent: true });
  });
});
