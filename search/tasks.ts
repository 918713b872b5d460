import { MeilisearchApiError, MeilisearchRequestError, type Meilisearch, type Task } from 'meilisearch';

/**
 * Waiting for Meilisearch tasks. meilisearch-js's `waitForTask` (and `.waitTask()`) passes one
 * AbortSignal to every poll, and its request timeout adds an abort listener to that signal per
 * request that is only removed when the request times out (meilisearch-js#1930): a wait of
 * minutes added thousands of listeners and flooded the log with MaxListenersExceededWarning.
 * This loop asks `getTask` without a signal (no listener at all) and backs off to a tenth of the time waited: a task
 * of one document is seen within milliseconds of finishing, a build's task of minutes costs a poll a second.
 */
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 1_000;

export class TaskFailedError extends Error {}

/**
 * A poll that failed on the way (connection reset, 408 from a Meilisearch busy indexing, a 5xx):
 * asking again is harmless. Seen at a million vacancies: one 408 ended a rebuild of 15 minutes.
 */
function transient(error: unknown): boolean {
  if (error instanceof MeilisearchApiError) return error.response.status === 408 || error.response.status >= 500;
  return error instanceof MeilisearchRequestError;
}

export async function waitForTask(client: Meilisearch, taskUid: number, timeoutMs: number): Promise<Task> {
  const started = Date.now();
  for (;;) {
    const task = await client.tasks.getTask(taskUid).catch((error: unknown) => {
      if (transient(error) && Date.now() - started <= timeoutMs) return undefined;
      throw error;
    });
    if (task && task.status !== 'enqueued' && task.status !== 'processing') return task;
    if (Date.now() - started > timeoutMs) throw new Error(`Meilisearch task ${taskUid} did not finish within ${timeoutMs / 1000} s`);
    // The pause grows with the wait, to a tenth of it: a confirmation is seen at most ~10 % after the task finished
    // (growing by half each poll, a task of 200 ms was seen up to 120 ms late, and the outbox's next push waited for that).
    await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_POLL_MS, Math.max(FIRST_POLL_MS, (Date.now() - started) / 10))));
  }
}

/** Waits for a task and throws unless it succeeded; `what` names the work in the error. */
export async function waitForSuccess(client: Meilisearch, taskUid: number, timeoutMs: number, what: string): Promise<Task> {
  const task = await waitForTask(client, taskUid, timeoutMs);
  if (task.status !== 'succeeded') throw new TaskFailedError(`${what} failed: ${task.error?.message ?? task.status}`);
  return task;
}
