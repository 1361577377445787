/**
 * Drift caught where it happens: with `validateResponses`, each JSON response is checked against
 * the document's schema for its operation and status (./response-check.ts, loaded on first use,
 * so that a client without the option never pays for it), and a mismatch rejected or reported.
 */
import type { OperationId } from "../generated/operations.js";
import type { ResolvedConfig } from "./config.js";
import { type Answer, BadResponseError, type RequestTarget } from "./errors.js";

let responseCheck: Promise<typeof import("./response-check.js")> | undefined;
/** What each client (by its configuration) has reported already: "warn" says each thing once. */
const reported = new WeakMap<ResolvedConfig, Set<string>>();

/**
 * Checks an answer as `config.validateResponses` says: throws a `BadResponseError` naming the
 * field and the rule, or reports it once, or does nothing.
 */
export async function checkDrift(
  config: ResolvedConfig,
  target: RequestTarget & { operation: OperationId },
  answer: Answer,
): Promise<void> {
  responseCheck ??= import("./response-check.js");
  const issues = (await responseCheck).driftIn(target.operation, answer);
  if (issues.length === 0) return;
  if (config.validateResponses === true)
    throw new BadResponseError(
      target,
      answer,
      `a body the document does not allow (${issues.join("; ")})`,
    );
  for (const issue of issues) {
    const key = `${target.operation} ${answer.status} ${issue}`;
    const seen = reported.get(config) ?? new Set<string>();
    reported.set(config, seen);
    if (seen.has(key)) continue;
    seen.add(key);
    const line = `seekrflow: ${target.operation} answered ${answer.status} with a body the document does not allow: ${issue}`;
    if (config.logger) config.logger(line, undefined);
    else console.warn(line);
  }
}
