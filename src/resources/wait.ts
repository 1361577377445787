/**
 * Waiting on a data job: poll it with a gentle backoff until its status is one the caller wants,
 * and stop early, with the server's reasons, when it lands where it can no longer get there.
 */
import { APIAbortError, InvalidRequestError, SeekrFlowError } from "../core/errors.js";
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

/**
 * The job is where what was asked cannot follow by itself: it ended (failed, cancelled, …) or it
 * waits for its owner (`needs_review`: fix it; `ready_to_start`: start it).
 */
export class DataJobStateError extends SeekrFlowError {
  override name = "DataJobStateError";
  /** The job as last seen. */
  readonly job: DataJobDetail;
  /** What the server said about why: status messages, failed ingestion records and their fixes, each once. */
  readonly reasons: string[];
  /** What the job's owner does next, when the job waits for them; undefined when it ended. */
  readonly nextStep: string | undefined;

  /** `goal` says what cannot happen, as in "reach completed" or "have outputs". */
  constructor(job: DataJobDetail, goal: string) {
    const reasons = reasonsOf(job);
    const nextStep: string | undefined = (needsUserSteps as Record<string, string>)[job.status];
    super(
      `Data job ${job.id} is ${job.status}, so it will not ${goal}` +
        (nextStep ? ` until its owner acts: ${nextStep}` : "") +
        (reasons.length ? `. ${reasons.join("; ")}` : "."),
    );
    this.job = job;
    this.reasons = reasons;
    this.nextStep = nextStep;
  }
}

/** The wait took longer than its `timeoutMs`; the job goes on. */
export class WaitTimeoutError extends SeekrFlowError {
  override name = "WaitTimeoutError";
  /** The job as last seen. */
  readonly job: DataJobDetail | undefined;

  constructor(id: string, timeoutMs: number, job: DataJobDetail | undefined) {
    super(
      `Data job ${id} was still ${job?.status ?? "unknown"} after ${timeoutMs} ms; it goes on: wait again to keep following it.`,
    );
    this.job = job;
  }
}

/** Everything the server said about why a job is stuck or failed, each reason once. */
function reasonsOf(job: DataJobDetail): string[] {
  const reasons: string[] = [];
  if (job.status_message) reasons.push(job.status_message);
  if (job.alignment_job?.status_message) reasons.push(job.alignment_job.status_message);
  for (const ingestion of job.ingestion_jobs ?? []) {
    for (const record of ingestion.records ?? []) {
      if (!record.error_message && !record.suggested_fix) continue;
      const fix = record.suggested_fix ? ` (fix: ${record.suggested_fix})` : "";
      reasons.push(`${record.filename}: ${record.error_message ?? record.status}${fix}`);
    }
  }
  for (const file of job.files ?? []) {
    if (file.suggested_fix && !reasons.some((r) => r.includes(file.suggested_fix!))) {
      reasons.push(
        `${file.name ?? file.file_id}: ${file.status ?? "problem"} (fix: ${file.suggested_fix})`,
      );
    }
  }
  return [...new Set(reasons)];
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
  const deadEnds = [...NEEDS_USER_STATUSES, ...TERMINAL_STATUSES].filter(
    (status) => !until.includes(status),
  );
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
    if (remaining <= 0) throw new WaitTimeoutError(id, options.timeoutMs ?? 0, job);
    await sleep(
      Math.min(interval, remaining),
      options.signal,
      () =>
        new APIAbortError(`Stopped waiting for data job ${id}; the job goes on.`, {
          cause: options.signal?.reason,
        }),
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
