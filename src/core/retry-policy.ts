/**
 * The retry policy: which answers are worth another try, how long to wait, and what to tell a
 * caller when a request may have taken effect without an answer. Each operation's mode and
 * check come from the document (src/generated/operations.ts `operationTable`); the HTTP rules are here.
 */
import { type OperationId, operationTable } from "../generated/operations.js";
import { IDEMPOTENT_METHODS } from "./http.js";

/**
 * - `safe`: repeating the request changes nothing more (an idempotent method, ./http.ts, or an
 *   operation the document marks `x-seekrflow-retry: safe`). Retried after any transient failure: connection
 *   errors, timeouts, 408, 429, 500, 502, 503, 504.
 * - `unsent`: repeating it could act twice (a second data job, a second upload). Retried only
 *   when the request certainly did not reach the server (connection refused, DNS failure) or the
 *   server said to come back (429, or a Retry-After on a status the document declares with one).
 */
export type RetryMode = "safe" | "unsent";

/** Statuses worth another try of a `safe` operation. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** The first wait between attempts, doubled each time up to `MAX_BACKOFF_MS`. */
export const INITIAL_BACKOFF_MS = 500;
/** The longest wait the client picks by itself. */
export const MAX_BACKOFF_MS = 8_000;
/** The longest Retry-After the client honours; a longer one fails the call with the server's answer. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** The retry mode of an operation, or of a request the document does not describe. */
export function retryModeOf(operation: OperationId | undefined, method: string): RetryMode {
  if (operation) return operationTable[operation].retry;
  return IDEMPOTENT_METHODS.has(method) ? "safe" : "unsent";
}

/** Exponential backoff with jitter: between 75% and 100% of 500 ms × 2^retry, capped at 8 s. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  return Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** retry) * (1 - 0.25 * random());
}

/** The wait the server asked for, from `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  // Stryker disable next-line StringLiteral: any text that is not a number parses to NaN alike.
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  // Headers trim their values: a blank one is "", which asks for nothing.
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  // A number is seconds (a negative one asks for nothing); anything else may be an HTTP date.
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retrying `operation` after `status`, or undefined when the answer is
 * final. The server's Retry-After wins over backoff; one beyond the maximum is not waited for.
 */
export function delayAfterStatus(
  mode: RetryMode,
  operation: OperationId | undefined,
  status: number,
  headers: Headers,
  retry: number,
): number | undefined {
  const asked = retryAfterMs(headers);
  const comeBack: readonly number[] = operation
    ? operationTable[operation].retryAfterStatuses
    : [429, 503];
  const retryable =
    mode === "safe"
      ? TRANSIENT_STATUSES.has(status)
      : status === 429 || (comeBack.includes(status) && asked !== undefined);
  if (!retryable) return undefined;
  if (asked === undefined) return backoffMs(retry);
  return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
}

/**
 * How long to wait before retrying after a connection that failed or timed out, or undefined
 * when it must not be retried: a `safe` call always may be; an `unsent` one only when the
 * request certainly never left (`mayHaveTakenEffect` false).
 */
export function delayAfterFailure(
  mode: RetryMode,
  mayHaveTakenEffect: boolean,
  retry: number,
): number | undefined {
  return mode === "safe" || !mayHaveTakenEffect ? backoffMs(retry) : undefined;
}

/** For an operation that is not safe to repeat: how to check whether it took effect. */
export function takenEffectHint(operation: OperationId | undefined, mode: RetryMode): string {
  const check = operation && mode === "unsent" ? checkOf(operation) : undefined;
  return check ? ` It was not retried because it may have taken effect: ${check}` : "";
}

function checkOf(operation: OperationId): string | undefined {
  const entry = operationTable[operation];
  return "retryCheck" in entry ? entry.retryCheck : undefined;
}
