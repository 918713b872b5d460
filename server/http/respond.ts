import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** Pages and JSON share one code path: JSON when the client asks for it. */
export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export function errorBody(code: string, message: string, fields?: Record<string, string>): ErrorBody {
  return { error: { code, message, ...(fields && Object.keys(fields).length > 0 ? { fields } : {}) } };
}

/** An error as JSON or as a friendly page, never with a stack trace. */
export async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
): Promise<FastifyReply> {
  if (wantsJson(request) || request.url.startsWith('/api/')) {
    return reply
      .code(status)
      .type('application/json; charset=utf-8')
      .send(errorBody(code, message, fields));
  }
  return reply.page('errors/error', { title: request.t(`errors.titles.${status}`), status, message }, status);
}

/** The first message per field of a failed zod parse, keyed by the field's name. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? '_');
    if (!(name in fields)) fields[name] = issue.message;
  }
  return fields;
}

/** A message as schemas and services write it: a translation key, or a key with values for its placeholders. */
export type Message = string | { key: string; vars: Record<string, unknown> };
export type FieldMessages = Record<string, Message>;

/** One message in the request's language. */
export function translated(request: Pick<FastifyRequest, 't'>, message: Message): string {
  return typeof message === 'string' ? request.t(message) : request.t(message.key, message.vars);
}

/** Field messages (schemas and services speak in keys) in the request's language. */
export function translatedFields(request: Pick<FastifyRequest, 't'>, errors: FieldMessages = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, translated(request, message)]));
}

/** GOV.UK error summary: one link per field, in form order. */
export function errorSummary(fields: Record<string, string>, order: readonly string[]): { field: string; message: string }[] {
  const known = order.filter((name) => fields[name]).map((field) => ({ field, message: fields[field]! }));
  const rest = Object.keys(fields)
    .filter((name) => !order.includes(name))
    .map((field) => ({ field, message: fields[field]! }));
  return [...known, ...rest];
}
