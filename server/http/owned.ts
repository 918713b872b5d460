import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './respond.ts';

/** Ids of introductions, mentees and placements carry 128 random bits, written like a UUID in lower case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * For a route whose `:id` names an object of the caller: an onRequest hook that looks the object up
 * and answers 404 before the body is read, so nobody makes the server take in and check a body for an
 * object that does not exist or is someone else's (audit finding 1: an answer to a made-up id had its
 * 260,000-character message checked first). Attach it to the route after the plugin's role guard, which
 * also runs at onRequest; `found(request)` hands the object to the handler, so it is looked up once.
 */
export function ownedObject<T>(find: (request: FastifyRequest, id: string) => Promise<T | null | undefined>) {
  const objects = new WeakMap<FastifyRequest, T>();
  return {
    async onRequest(request: FastifyRequest, reply: FastifyReply) {
      const id = (request.params as Record<string, unknown> | undefined)?.id;
      const object = typeof id === 'string' && UUID.test(id) ? await find(request, id) : undefined;
      if (object === undefined || object === null) return sendError(request, reply, 404, 'not_found', request.t('errors.notFound'));
      objects.set(request, object);
    },
    /** The object the hook found for this request (only on routes that carry the hook). */
    found(request: FastifyRequest): T {
      const object = objects.get(request);
      if (object === undefined) throw new Error('ownedObject: the route has no onRequest hook for its :id');
      return object;
    },
  };
}
