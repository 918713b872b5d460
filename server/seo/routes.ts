import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typedRoutes } from '../http/typed-routes.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { SitemapBuilder, SITEMAP_MAX_URLS } from './sitemap.ts';

/** Paths search engines are asked to leave alone: signed-in work, capability links, one-time flows. */
export const DISALLOWED_PATHS = [
  '/employer',
  '/mentor',
  '/coordinator',
  '/admin',
  '/account',
  '/s/',
  '/invitations',
  '/dev',
  '/login/two-factor',
  '/password',
  '/api/',
] as const;

/** How long a built sitemap file is served from memory at most; an index change drops it sooner. */
const CACHE_MS = 60_000;

const ChunkParams = z.object({ n: z.coerce.number().int().min(1).max(100_000) });

/**
 * /robots.txt and the sitemap. Built from PostgreSQL with the one visibility rule, so a vacancy is
 * listed as soon as it is public; a built file is kept up to CACHE_MS, and dropped as soon as the
 * search index changes (the search cache's generation moves on whenever the vacancies index does).
 */
export default async function seoRoutes(app: FastifyInstance, opts: { sitemapChunkSize?: number }) {
  const builder = new SitemapBuilder(app.db, opts.sitemapChunkSize ?? SITEMAP_MAX_URLS);
  const cache = new Map<string, { xml: string | undefined; generation: number; at: number }>();
  const cached = async (key: string, build: () => Promise<string | undefined>) => {
    const generation = app.searchEngine.cache.generation;
    const hit = cache.get(key);
    if (hit && hit.generation === generation && Date.now() - hit.at < CACHE_MS) return hit.xml;
    const xml = await build();
    // Keys carry the day and the public URL: a handful at a time, so an old day's files are simply let go.
    if (cache.size > 50) cache.clear();
    cache.set(key, { xml, generation, at: Date.now() });
    return xml;
  };

  app.get('/robots.txt', async (_request, reply) => {
    const lines = [
      'User-agent: *',
      'Allow: /',
      ...DISALLOWED_PATHS.map((path) => `Disallow: ${path}`),
      '',
      `Sitemap: ${app.publicUrl}/sitemap.xml`,
      '',
    ];
    return reply.type('text/plain; charset=utf-8').send(lines.join('\n'));
  });

  app.get('/sitemap.xml', async (_request, reply) => {
    const today = todayInBerlin();
    const xml = await cached(`root ${today} ${app.publicUrl}`, () => builder.root(app.publicUrl, today));
    return reply.type('application/xml; charset=utf-8').send(xml);
  });

  app.get('/sitemap-pages.xml', async (_request, reply) => reply.type('application/xml; charset=utf-8').send(builder.pages(app.publicUrl)));

  // A chunk number that is not one (sitemap-vacancies-x.xml) is a page that does not exist: 404 from the route schema.
  typedRoutes(app).get('/sitemap-vacancies-:n.xml', { schema: { params: ChunkParams } }, async (request, reply) => {
    const { n } = request.params;
    const today = todayInBerlin();
    const xml = await cached(`chunk ${n} ${today} ${app.publicUrl}`, () => builder.chunk(app.publicUrl, today, n));
    if (xml === undefined) return reply.callNotFound();
    return reply.type('application/xml; charset=utf-8').send(xml);
  });
}
