/**
 * The exit codes scripts rely on, in one table: `--help` prints it, the README shows it, and
 * `exitCodeOf` is the only place that maps an outcome to a code.
 */
import {
  APIAbortError,
  APIConnectionError,
  APIError,
  BadResponseError,
  ConfigurationError,
  InvalidRequestError,
} from "../core/errors.js";
import { DataJobStateError } from "../resources/wait.js";

/** Every exit code and what it means. */
export const EXIT_CODES = {
  ok: 0,
  /** An error the CLI did not expect: a bug to report. */
  unexpected: 1,
  usage: 2,
  api: 3,
  network: 4,
  jobEnded: 5,
  apiDiffers: 6,
  interrupted: 130,
} as const;

/** The table as `--help` shows it. */
export const EXIT_CODE_HELP = [
  "Exit codes:",
  "  0    done",
  "  2    usage or invalid input: nothing was sent",
  "  3    the API answered with an error (its message and each 422 item are printed)",
  "  4    network failure or timeout",
  "  5    a job ended failed, cancelled, stopped or needs_review (its reasons are printed)",
  "  6    the API answered something the document does not allow",
  "  130  interrupted (Ctrl-C): what state things are in, and how to continue, is printed",
].join("\n");

/** A mistake in how the command was called: nothing was sent (exit 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A job the command waited on ended where the caller did not want it (exit 5). */
export class JobEndedError extends Error {
  override name = "JobEndedError";
}

/** The exit code of an error a command threw. */
export function exitCodeOf(error: unknown): number {
  if (
    error instanceof UsageError ||
    error instanceof InvalidRequestError ||
    error instanceof ConfigurationError
  )
    return EXIT_CODES.usage;
  if (error instanceof APIAbortError) return EXIT_CODES.interrupted;
  if (error instanceof APIError) return EXIT_CODES.api;
  if (error instanceof BadResponseError) return EXIT_CODES.apiDiffers;
  if (error instanceof APIConnectionError) return EXIT_CODES.network;
  if (error instanceof DataJobStateError || error instanceof JobEndedError)
    return EXIT_CODES.jobEnded;
  return EXIT_CODES.unexpected;
}
