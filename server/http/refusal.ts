import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  errorSummary,
  fieldErrors,
  sendError,
  translated,
  translatedFields,
  wantsJson,
  type FieldMessages,
  type Message,
} from './respond.ts';

export type { FieldMessages, Message };

/**
 * Why a service did not do what it was asked, in one shape for every feature. Messages are translation keys
 * (services do not know the reader's language); a key may carry values for its placeholders. `sendRefusal`
 * below is the one place that turns a refusal into a status, a page or JSON.
 */
/** Nothing of that id for this caller (another account's object does not exist for it either). */
export type NotFound = { ok: false; kind: 'not_found'; message?: Message };
/** The object exists but is not in a state that allows the step (already proposed, already ended). */
export type Conflict = { ok: false; kind: 'conflict'; message: Message; code?: string };
/** The input was refused field by field; the form shows each message next to its field. */
export type Invalid = { ok: false; kind: 'invalid'; errors: FieldMessages };
/** The caller may not take this step at all. */
export type Forbidden = { ok: false; kind: 'forbidden'; message?: Message };
/** A service the step needs (the search engine) is away for a moment: try again shortly. */
export type Unavailable = { ok: false; kind: 'unavailable'; message?: Message };
/** Too many tries (wrong codes, passwords): the step is locked until the window has passed. */
export type RateLimited = { ok: false; kind: 'rate_limited'; retryAfterSeconds: number; message?: Message };

/**
 * A one-time link (password reset, registration confirmation, invitation) that does not work: unknown, used,
 * revoked and expired links get this one answer, so links cannot be probed for which they are. `code` names
 * the link's kind for JSON clients (link_not_valid, invitation_not_valid).
 */
export type Gone = { ok: false; kind: 'gone'; message?: Message; code?: string };

export type Refusal = NotFound | Conflict | Invalid | Forbidden | Unavailable | RateLimited | Gone;

/** A service's answer; `R` narrows the refusals it can give (`Result<T, Invalid>`: only field messages). */
export type Result<T, R extends Refusal = Refusal> = { ok: true; value: T } | R;

export const ok = <T>(value: T) => ({ ok: true, value }) as const;
export const notFound = (message?: Message): NotFound => ({ ok: false, kind: 'not_found', ...(message ? { message } : {}) });
export const conflict = (message: Message, code?: string): Conflict => ({
  ok: false,
  kind: 'conflict',
  message,
  ...(code ? { code } : {}),
});
export const invalid = (errors: FieldMessages): Invalid => ({ ok: false, kind: 'invalid', errors });
export const forbidden = (message?: Message): Forbidden => ({ ok: false, kind: 'forbidden', ...(message ? { message } : {}) });
export const unavailable = (message?: Message): Unavailable => ({ ok: false, kind: 'unavailable', ...(message ? { message } : {}) });
export const rateLimited = (retryAfterSeconds: number, message?: Message): RateLimited => ({
  ok: false,
  kind: 'rate_limited',
  retryAfterSeconds,
  ...(message ? { message } : {}),
});
export const gone = (message?: Message, code?: string): Gone => ({
  ok: false,
  kind: 'gone',
  ...(message ? { message } : {}),
  ...(code ? { code } : {}),
});

/** A form body through its schema: the parsed value, or `invalid` with the first message per field. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): Result<z.output<S>, Invalid> {
  const parsed = schema.safeParse(body);
  return parsed.success ? ok(parsed.data) : invalid(fieldErrors(parsed.error));
}

/**
 * A parsed form and the checks that need more than its schema (a known town, the password rule with the
 * account's own words), every problem at once: each check runs only while its field has no message yet,
 * and reads the raw body (the other fields may have failed). Invalid when anything was found.
 */
export async function withFieldChecks<T>(
  parsed: Result<T, Invalid>,
  checks: Record<string, () => Message | undefined | Promise<Message | undefined>>,
): Promise<Result<T, Invalid>> {
  const errors: FieldMessages = parsed.ok ? {} : { ...parsed.errors };
  for (const [field, check] of Object.entries(checks)) {
    const problem = errors[field] ? undefined : await check();
    if (problem) errors[field] = problem;
  }
  return parsed.ok && Object.keys(errors).length === 0 ? parsed : invalid(errors);
}

/** Status and JSON code of each kind; a conflict may name a more precise code (placement_ended). */
export const REFUSAL_STATUS = {
  not_found: 404,
  conflict: 409,
  invalid: 422,
  forbidden: 403,
  unavailable: 503,
  rate_limited: 429,
  gone: 410,
} as const satisfies Record<Refusal['kind'], number>;
const DEFAULT_CODE: Record<Refusal['kind'], string> = {
  not_found: 'not_found',
  conflict: 'conflict',
  invalid: 'validation',
  forbidden: 'forbidden',
  unavailable: 'unavailable',
  rate_limited: 'rate_limited',
  gone: 'gone',
};
const DEFAULT_MESSAGE: Record<Refusal['kind'], string> = {
  not_found: 'errors.notFound',
  conflict: 'errors.titles.409',
  invalid: 'errors.validation',
  forbidden: 'errors.forbidden',
  unavailable: 'errors.unavailable',
  rate_limited: 'errors.rateLimited',
  gone: 'errors.gone',
};
/** How long a client waits before trying again after `unavailable` (the search engine restarts within seconds). */
const RETRY_AFTER_SECONDS = 5;

/** What a form page needs to show a refusal: the status, the messages next to the fields, a problem for the top. */
export interface RefusedForm {
  status: number;
  /** Field name -> message, translated. */
  errors: Record<string, string>;
  /** A conflict's message, translated; shown at the top of the error summary. */
  problem?: string;
}

/** A form page's error summary: the problem first (linked to `problemField`), then one link per field in form order. */
export function refusedSummary(form: RefusedForm | undefined, order: readonly string[], problemField = 'status') {
  if (!form) return [];
  return [...(form.problem ? [{ field: problemField, message: form.problem }] : []), ...errorSummary(form.errors, order)];
}

/** The parts of a refusal a response shows: status, JSON code, the message and field messages, translated. */
export function describeRefusal(request: Pick<FastifyRequest, 't'>, refusal: Refusal) {
  const status = REFUSAL_STATUS[refusal.kind];
  const code = ((refusal.kind === 'conflict' || refusal.kind === 'gone') && refusal.code) || DEFAULT_CODE[refusal.kind];
  const keyed = refusal.kind === 'invalid' ? undefined : refusal.message;
  const message = translated(request, keyed ?? DEFAULT_MESSAGE[refusal.kind]);
  const errors = refusal.kind === 'invalid' ? translatedFields(request, refusal.errors) : {};
  return { status, code, message, errors };
}

/**
 * The pages of a route's own for the refusals that have one: `form` re-renders the form (invalid, conflict),
 * `gone` shows a one-time link's "no longer valid" page with its next step (status 410, message translated).
 */
export interface RefusalPages {
  form?: (refused: RefusedForm) => unknown;
  gone?: (refused: { status: number; message: string }) => unknown;
}

/**
 * The one mapping from a refusal to an answer. Not found and forbidden are error pages (or JSON) whatever
 * the route; a conflict or refused input re-renders the form through `form` (status 409/422, values kept
 * by the caller), or answers JSON with the field messages when the client asked for JSON or there is no form.
 * A gone link shows the route's `gone` page (or the error page, or JSON) with no-store: a 410 is cacheable by
 * default, and the address it answers holds a secret token.
 */
export async function sendRefusal(
  request: FastifyRequest,
  reply: FastifyReply,
  refusal: Refusal,
  pages?: RefusalPages | ((refused: RefusedForm) => unknown),
): Promise<unknown> {
  const { status, code, message, errors } = describeRefusal(request, refusal);
  const { form, gone: gonePage } = typeof pages === 'function' ? { form: pages, gone: undefined } : (pages ?? {});
  const onForm = refusal.kind === 'invalid' || refusal.kind === 'conflict';
  if (form && onForm && !wantsJson(request)) return form({ status, errors, ...(refusal.kind === 'conflict' ? { problem: message } : {}) });
  if (refusal.kind === 'gone') reply.header('cache-control', 'no-store');
  if (gonePage && refusal.kind === 'gone' && !wantsJson(request)) return gonePage({ status, message });
  if (refusal.kind === 'unavailable') reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  if (refusal.kind === 'rate_limited') reply.header('retry-after', String(refusal.retryAfterSeconds));
  return sendError(request, reply, status, code, message, refusal.kind === 'invalid' ? errors : undefined);
}
