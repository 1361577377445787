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
import { DataJobStateError, WaitTimeoutError } from "../resources/job-errors.js";
import { DatasetError } from "../datasets/read-rows.js";

/** Every exit code and what it means: the one table `--help` prints and the code follows. */
const TABLE = {
  ok: { code: 0, meaning: "done" },
  unexpected: {
    code: 1,
    meaning: "a bug in seekrflow itself: the error and the version are printed, to report",
  },
  usage: {
    code: 2,
    meaning: "usage or invalid input (the message says whether anything was sent)",
  },
  api: {
    code: 3,
    meaning: "the API answered with an error (its message and each 422 item are printed)",
  },
  network: { code: 4, meaning: "network failure or timeout" },
  jobEnded: {
    code: 5,
    meaning:
      "a job ended failed, cancelled or stopped, or needs its owner (its reasons and the next step are printed)",
  },
  apiDiffers: { code: 6, meaning: "the API answered something the document does not allow" },
  waitTimeout: {
    code: 7,
    meaning:
      "--wait-timeout passed before the job got there: it goes on (its status and how to follow it are printed)",
  },
  interrupted: {
    code: 130,
    meaning: "interrupted (Ctrl-C): what state things are in, and how to continue, is printed",
  },
} as const;

/** Every exit code, by name. */
export const EXIT_CODES = Object.fromEntries(
  Object.entries(TABLE).map(([name, { code }]) => [name, code]),
) as { readonly [Name in keyof typeof TABLE]: (typeof TABLE)[Name]["code"] };

/** The table as `--help` shows it. */
export const EXIT_CODE_HELP = [
  "Exit codes:",
  ...Object.values(TABLE).map(({ code, meaning }) => `  ${String(code).padEnd(5)}${meaning}`),
].join("\n");

/** A mistake in how the command was called: nothing was sent (exit 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

/** `doctor` found answers that differ from the document (exit 6). */
export class APIDiffers extends Error {
  override name = "APIDiffers";
  constructor(count: number) {
    super(`the API answered ${count} thing(s) the document does not allow`);
  }
}

/** The exit code of an error a command threw. */
export function exitCodeOf(error: unknown): number {
  if (
    error instanceof UsageError ||
    error instanceof InvalidRequestError ||
    error instanceof DatasetError ||
    error instanceof ConfigurationError
  )
    return EXIT_CODES.usage;
  if (error instanceof APIAbortError) return EXIT_CODES.interrupted;
  if (error instanceof APIError) return EXIT_CODES.api;
  if (error instanceof BadResponseError || error instanceof APIDiffers)
    return EXIT_CODES.apiDiffers;
  if (error instanceof APIConnectionError) return EXIT_CODES.network;
  if (error instanceof DataJobStateError) return EXIT_CODES.jobEnded;
  if (error instanceof WaitTimeoutError) return EXIT_CODES.waitTimeout;
  return EXIT_CODES.unexpected;
}
