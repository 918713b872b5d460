import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import Handlebars from 'handlebars';
import { fingerprintAssets } from '../http/assets.ts';
import { siteStylesheet } from '../http/inline-style.ts';
import { registerHelpers } from '../http/template-helpers.ts';

export const viewsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views');

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page inside the layout, with what every page needs (locale, CSRF token, account). */
    page(template: string, data?: Record<string, unknown>, status?: number): Promise<FastifyReply>;
  }
  interface FastifyInstance {
    /**
     * One partial of views/partials rendered alone, as markup a page places with {{ }} (escaped inside as every
     * template is; `data` is its root, so it needs `locale`). For a part of a page worth keeping once rendered
     * (vacancies/results-html.ts).
     */
    renderPartial(name: string, data: Record<string, unknown>): Handlebars.SafeString;
  }
}

function partialsIn(folder: string): Record<string, string> {
  const partials: Record<string, string> = {};
  for (const file of readdirSync(path.join(viewsRoot, folder))) {
    if (file.endsWith('.hbs')) partials[file.replace(/\.hbs$/, '')] = `${folder}/${file}`;
  }
  return partials;
}

export default fp(
  async (app, opts: { production: boolean }) => {
    const handlebars = Handlebars.create();
    registerHelpers(handlebars);
    const partials = partialsIn('partials');
    // {{asset "site.css"}} → /static/site.<hash>.css: a new deployment's files get new URLs, so old ones may be cached for a year.
    const staticRoot = path.join(viewsRoot, 'static');
    const assets = fingerprintAssets(staticRoot);
    handlebars.registerHelper('asset', (file: string) => {
      const asset = assets.get(file);
      if (!asset) throw new Error(`No file views/static/${file} for {{asset}}`);
      return asset.url;
    });
    // {{inlineStylesheet}}: site.css for a <style> element, unescaped because it is our own file (never user data)
    // and `>` is a CSS combinator there; the CSP admits exactly this text by its hash (security-headers.ts).
    const inline = new Handlebars.SafeString(siteStylesheet().css);
    handlebars.registerHelper('inlineStylesheet', () => inline);
    // @fastify/view gives every request an empty `reply.locals` in an onRequest hook, unless `locals` is decorated
    // already. Pages get all they show as their data (reply.page), so locals stays null and the hook is never added
    // (the plugin merges locals with Object.assign, which skips null).
    app.decorateReply('locals', null);
    await app.register(fastifyView, {
      engine: { handlebars },
      root: viewsRoot,
      layout: 'layouts/main.hbs',
      viewExt: 'hbs',
      // Compiled once and cached, also in development: recompiling on every request cost ~10 ms a page
      // (the search page went from ~70 to ~350 pages/s). Restart to see template changes.
      production: true,
      // preventIndent: an indented partial must not indent the lines of what users typed into a textarea.
      options: { partials, compileOptions: { preventIndent: true } },
    });
    await app.register(fastifyStatic, {
      root: staticRoot,
      prefix: '/static/',
      maxAge: opts.production ? '1d' : 0,
      index: false,
    });
    // The fingerprinted names: exact routes, which the router prefers to the plain folder's wildcard.
    for (const { file, url } of assets.values()) {
      app.get(url, (_request, reply) => {
        reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(file, { cacheControl: false });
      });
    }

    // Compiled on first use, with the same helpers and partials as the pages.
    const alone = new Map<string, HandlebarsTemplateDelegate>();
    app.decorate('renderPartial', (name: string, data: Record<string, unknown>) => {
      let template = alone.get(name);
      if (!template) {
        const file = partials[name];
        if (!file) throw new Error(`No partial views/partials/${name}.hbs`);
        template = handlebars.compile(readFileSync(path.join(viewsRoot, file), 'utf8'), { preventIndent: true });
        alone.set(name, template);
      }
      return new Handlebars.SafeString(template(data));
    });

    app.decorateReply('page', async function (this: FastifyReply, template: string, data: Record<string, unknown> = {}, status = 200) {
      const request: FastifyRequest = this.request;
      this.code(status).type('text/html; charset=utf-8');
      const html = await this.viewAsync(`${template}.hbs`, { ...request.pageContext(), ...data });
      return this.send(html);
    });
  },
  { name: 'views', dependencies: ['i18n', 'auth'] },
);
