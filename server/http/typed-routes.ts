import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendError } from './respond.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The message of this route's 404 for a malformed `:id`, when it is not its scope's (typedRoutes). */
    notFoundKey?: string;
  }
}

/** Ids of vacancies, introductions, mentees and placements: 128 random bits written like a UUID in lower case. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The `:id` of a route naming one object. */
export const IdParams = z.object({ id: z.string().regex(UUID) });

/**
 * A page's query string: every field falls back to undefined when its value is not what the page reads
 * (`?saved=<anything>` shows no notice, it does not answer 400), and fields the schema does not name stay
 * (`?notice=` and `?lang=` are read by the page context and the i18n plugin).
 */
export function pageQuery<S extends Record<string, z.ZodType>>(shape: S) {
  const lenient = Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, field.optional().catch(undefined)])) as {
    [K in keyof S]: z.ZodCatch<z.ZodOptional<S[K]>>;
  };
  return z.looseObject(lenient);
}

/**
 * Route schemas of an HTML feature through zod: params and query strings are validated before the handler
 * runs and typed in it. A malformed `:id` names nothing, so it answers 404 (`notFoundKey`, or the route's
 * `config.notFoundKey`), as a made-up id
 * does; a query string is built with `pageQuery` and never fails. Bodies of HTML forms stay out of the route
 * schema: the form needs its field messages (422, values kept), which `parseForm` and `sendRefusal` give.
 * Call it at the top of a feature plugin (the compiler and error handler stay in that plugin's scope);
 * other errors go on to the app's error handler.
 */
export function typedRoutes(app: FastifyInstance, notFoundKey = 'errors.notFound') {
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (!hasZodFastifySchemaValidationErrors(error)) throw error;
    if (error.validationContext === 'params')
      return sendError(request, reply, 404, 'not_found', request.t(request.routeOptions.config.notFoundKey ?? notFoundKey));
    return sendError(request, reply, 400, 'bad_request', request.t('errors.badRequest'));
  });
  return app.withTypeProvider<ZodTypeProvider>();
}

export type TypedApp = ReturnType<typeof typedRoutes>;
