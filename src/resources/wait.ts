/**
 * Waiting on a data job: poll it with a gentle backoff until its status is one the caller wants,
 * and stop early, with the server's reasons, when it lands where it can no longer get there.
 */
import { APIAbortError, InvalidRequestError } from "../core/errors.js";
import { targetOf } from "../core/find-operation.js";
import { DataJobStateError, WaitTimeoutError } from "./job-errors.js";
import { sleep } from "../core/sleep.js";
import { jobStatuses, needsUserSteps, terminalStatuses } from "../generated/operations.js";
import type { AnyDataJobStatus, DataJobDetail } from "../types.js";

/** Statuses a data job does not leave by itself (the document's `x-seekrflow-terminal`). */
export const TERMINAL_STATUSES: readonly AnyDataJobStatus[] = terminalStatuses;
/**
 * Statuses that wait for the job's owner (`x-seekrflow-needs-user`): nothing happens until they
 * fix the job (`needs_review`) or start it (`ready_to_start`).
 */
export const NEEDS_USER_STATUSES = Object.keys(needsUserSteps) as readonly AnyDataJobStatus[];
/** Every status the document knows. */
export const JOB_STATUSES: readonly AnyDataJobStatus[] = jobStatuses;

/** Options of `dataJobs.waitFor`. */
export interface WaitOptions {
  /** The status or statuses to wait for. @default the terminal statuses: completed, failed, cancelled, stopped */
  until?: AnyDataJobStatus | readonly AnyDataJobStatus[];
  /** The first pause between polls; each pause is 1.5× the last, up to `maxIntervalMs`. @default 2000 */
  intervalMs?: number;
  /** The longest pause between polls. @default 30000 */
  maxIntervalMs?: number;
  /** Give up after this long with a `WaitTimeoutError`. @default no limit */
  timeoutMs?: number;
  /** Stops waiting at once (the job itself is not cancelled). */
  signal?: AbortSignal;
  /** Called with the job when its status or progress changed since the last poll. */
  onProgress?: (job: DataJobDetail) => void;
}

/** Polls `get` as `options` say and resolves with the job once its status is in `until`. */
export async function waitForJob(
  id: string,
  get: (signal: AbortSignal | undefined) => Promise<DataJobDetail>,
  options: WaitOptions = {},
): Promise<DataJobDetail> {
  const until: readonly string[] =
    options.until === undefined
      ? TERMINAL_STATUSES
      : typeof options.until === "string"
        ? [options.until]
        : options.until;
  checkWaitOptions(options, until);
  // Checked after `until`: a dead end that is also awaited resolves.
  const deadEnds: readonly string[] = [...NEEDS_USER_STATUSES, ...TERMINAL_STATUSES];
  const maxInterval = options.maxIntervalMs ?? 30_000;
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  let interval = options.intervalMs ?? 2_000;
  let last: DataJobDetail | undefined;
  for (;;) {
    const job = await get(options.signal);
    if (
      !last ||
      job.status !== last.status ||
      job.alignment_job?.progress !== last.alignment_job?.progress
    ) {
      options.onProgress?.(job);
    }
    last = job;
    if (until.includes(job.status)) return job;
    if (deadEnds.includes(job.status))
      throw new DataJobStateError(
        job,
        until === TERMINAL_STATUSES ? "end" : `reach ${until.join(" or ")}`,
      );
    const remaining = deadline - Date.now();
    // Stryker disable next-line EqualityOperator: a deadline met to the millisecond is past alike.
    if (remaining <= 0) throw new WaitTimeoutError(id, options.timeoutMs ?? 0, job);
    await sleep(
      Math.min(interval, remaining),
      options.signal,
      () =>
        new APIAbortError(
          targetOf("getDataJob", { data_job_id: id }),
          `Stopped waiting for data job ${id}; the job goes on.`,
          {
            cause: options.signal?.reason,
          },
        ),
    );
    interval = Math.min(maxInterval, interval * 1.5);
  }
}

/** Rejects waits that would poll in a tight loop or wait for a status the document does not know. */
function checkWaitOptions(options: WaitOptions, until: readonly string[]): void {
  const problems: { field: string; rule: string; message: string }[] = [];
  for (const name of ["intervalMs", "maxIntervalMs", "timeoutMs"] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isFinite(value) && value > 0))
      problems.push({
        field: name,
        rule: "exclusiveMinimum",
        message: `must be a finite number of milliseconds above 0, not ${value}`,
      });
  }
  const unknown = until.filter((status) => !(JOB_STATUSES as readonly string[]).includes(status));
  if (until.length === 0 || unknown.length > 0)
    problems.push({
      field: "until",
      rule: "enum",
      message: `must be statuses the document knows (${JOB_STATUSES.join(", ")}), not ${JSON.stringify(unknown.length ? unknown : until)}`,
    });
  if (problems.length > 0) throw new InvalidRequestError("waitFor", problems);
}
