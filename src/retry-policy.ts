/**
 * The retry policy, in one place: which operations may be repeated, how long to wait, and what to
 * tell a caller when a request may have taken effect without an answer.
 */
import type { OperationId } from "./generated/operations.js";

/**
 * - `safe`: repeating the request changes nothing more (GET, DELETE, PATCH). Retried after any
 *   transient failure: connection errors, timeouts, 408, 429, 500, 502, 503, 504.
 * - `unsent`: repeating it could act twice (POST, PUT: a second data job, a second upload).
 *   Retried only when the request certainly did not reach the server (connection refused, DNS
 *   failure) or the server said to come back (429, or 503 with Retry-After).
 */
export type RetryMode = "safe" | "unsent";

/** An operation's retry mode, and for `unsent` ones how to find out whether a failed call took effect. */
export interface OperationPolicy {
  retry: RetryMode;
  /** What to do after an ambiguous failure, completing "The request may have taken effect: …". */
  check?: string;
}

const ASK_JOB = "get the data job and look at its";

/** The policy of every operation in the document. */
export const RETRY_POLICY: Record<OperationId, OperationPolicy> = {
  listDataJobs: { retry: "safe" },
  getDataJob: { retry: "safe" },
  updateDataJob: { retry: "safe" },
  deleteDataJob: { retry: "safe" },
  listAlignmentOutputs: { retry: "safe" },
  listFiles: { retry: "safe" },
  getFile: { retry: "safe" },
  getFileContent: { retry: "safe" },
  deleteFile: { retry: "safe" },
  createDataJob: {
    retry: "unsent",
    check:
      "list data jobs (dataJobs.list()) and look for one with this name before creating it again.",
  },
  cloneDataJob: {
    retry: "unsent",
    check:
      "list data jobs and look for one whose origin_data_job_id is this job before cloning again.",
  },
  addDataJobFiles: { retry: "unsent", check: `${ASK_JOB} files before adding them again.` },
  removeDataJobFiles: { retry: "unsent", check: `${ASK_JOB} files before removing them again.` },
  startDataJob: {
    retry: "unsent",
    check: `${ASK_JOB} status: anything past ready_to_start means it started.`,
  },
  cancelDataJob: { retry: "unsent", check: `${ASK_JOB} status: cancelled means it took effect.` },
  generateSystemPrompt: {
    retry: "unsent",
    check: "it creates nothing, so calling it again is harmless.",
  },
  uploadFile: {
    retry: "unsent",
    check: "list files (files.list()) and look for this filename before uploading again.",
  },
  uploadFiles: {
    retry: "unsent",
    check: "list files (files.list()) and look for these filenames before uploading again.",
  },
};

/** Statuses worth another try of a `safe` operation. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** The first wait between attempts, doubled each time up to `MAX_BACKOFF_MS`. */
export const INITIAL_BACKOFF_MS = 500;
/** The longest wait the client picks by itself. */
export const MAX_BACKOFF_MS = 8_000;
/** The longest Retry-After the client honours; a longer one fails the call with the server's answer. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Exponential backoff with jitter: between 75% and 100% of 500 ms × 2^retry, capped at 8 s. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  return Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** retry) * (1 - 0.25 * random());
}

/** The wait the server asked for, from `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (value.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retrying after `status`, or undefined when the answer is final for
 * this mode. The server's Retry-After wins over backoff; one beyond the maximum is not waited for.
 */
export function delayAfterStatus(
  mode: RetryMode,
  status: number,
  headers: Headers,
  retry: number,
): number | undefined {
  const asked = retryAfterMs(headers);
  const retryable =
    mode === "safe"
      ? TRANSIENT_STATUSES.has(status)
      : status === 429 || (status === 503 && asked !== undefined);
  if (!retryable) return undefined;
  if (asked === undefined) return backoffMs(retry);
  return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
}
