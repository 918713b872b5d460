import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, buildTestApp } from '../helpers/app.ts';

/*
 * /readyz (audit issue 10, finding 7): the status code and `{ status }` for everyone (load balancers need
 * no more); which service is down and how far indexing lags only for this machine or READYZ_TOKEN.
 */

const TOKEN = 'readyz-token-for-the-test-0123456789';
const DETAILS = { status: 'ok', db: 'ok', search: 'ok', outboxPending: expect.any(Number) };

describe('/readyz', () => {
  const app = useTestApp({ config: { readyzToken: TOKEN } });
  let behindProxy: FastifyInstance;

  beforeAll(async () => {
    behindProxy = await buildTestApp({ config: { readyzToken: TOKEN, trustProxy: true } });
  });
  afterAll(async () => {
    await behindProxy?.close();
  });

  it('gives the details to a caller on this machine', async () => {
    const local = await request(app.server).get('/readyz');
    expect(local.status).toBe(200);
    expect(local.body).toEqual(DETAILS);
    const ipv6 = await app.inject({ url: '/readyz', remoteAddress: '::1' });
    expect(ipv6.json()).toEqual(DETAILS);
  });

  it('gives only the status, with the same code, to anyone else', async () => {
    const remote = await app.inject({ url: '/readyz', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(200);
    expect(remote.json()).toEqual({ status: 'ok' });
    const wrongToken = await app.inject({
      url: '/readyz',
      remoteAddress: '203.0.113.9',
      headers: { authorization: 'Bearer not-the-token-at-all-0000' },
    });
    expect(wrongToken.json()).toEqual({ status: 'ok' });
    const basic = await app.inject({ url: '/readyz', remoteAddress: '203.0.113.9', headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.json()).toEqual({ status: 'ok' });
  });

  it('gives the details to a remote caller with READYZ_TOKEN', async () => {
    const withToken = await app.inject({ url: '/readyz', remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.json()).toEqual(DETAILS);
  });

  it('treats a forwarded request as remote, even through a proxy on this machine or with a forged X-Forwarded-For', async () => {
    // A proxy on the same machine connects from loopback for every visitor, and says so in X-Forwarded-For.
    const proxied = await request(app.server).get('/readyz').set('X-Forwarded-For', '198.51.100.4');
    expect(proxied.body).toEqual({ status: 'ok' });
    // With TRUST_PROXY, request.ip is what the header names: a client cannot make itself loopback by saying so.
    const forged = await behindProxy.inject({ url: '/readyz', remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '127.0.0.1' } });
    expect(forged.json()).toEqual({ status: 'ok' });
    const forwardedLocal = await behindProxy.inject({
      url: '/readyz',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(forwardedLocal.json()).toEqual({ status: 'ok' });
    const throughProxyWithToken = await behindProxy.inject({
      url: '/readyz',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '198.51.100.4', authorization: `Bearer ${TOKEN}` },
    });
    expect(throughProxyWithToken.json()).toEqual(DETAILS);
  });

  it('without READYZ_TOKEN configured, no bearer opens the details', async () => {
    const noToken = await buildTestApp();
    try {
      const remote = await noToken.inject({ url: '/readyz', remoteAddress: '203.0.113.9', headers: { authorization: 'Bearer ' } });
      expect(remote.json()).toEqual({ status: 'ok' });
      expect((await request(noToken.server).get('/readyz')).body).toEqual(DETAILS);
    } finally {
      await noToken.close();
    }
  });
});
