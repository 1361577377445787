/**
 * Drift caught where it happens: with `validateResponses`, each JSON response is checked against
 * the document's schema for its operation and status. The validators load on first use, so that
 * a client without the option never pays for them.
 */
import type { OperationId } from "../generated/operations.js";
import type { ValidationIssue } from "../generated/response-validators.js";
import type { ResolvedConfig } from "./config.js";
import { type Answer, BadResponseError, issueLocation, type RequestTarget } from "./errors.js";

type Validators = typeof import("../generated/response-validators.js").responseValidators;
let validators: Promise<Validators> | undefined;
/** What each client (by its configuration) has reported already: "warn" says each thing once. */
const reported = new WeakMap<ResolvedConfig, Set<string>>();

/**
 * Checks `body` (the parsed JSON of a response) as `config.validateResponses` says: throws a
 * `BadResponseError` naming the field and the rule, or reports it once, or does nothing.
 */
export async function checkDrift(
  config: ResolvedConfig,
  target: RequestTarget & { operation: OperationId },
  answer: Answer,
): Promise<void> {
  const { status, body: text } = answer;
  validators ??= import("../generated/response-validators.js").then((m) => m.responseValidators);
  const validate = (await validators)[target.operation]?.[status];
  if (!validate) return;
  // A JSON success was parsed once already, by the transport's check.
  let parsed: unknown = answer.json;
  if (parsed === undefined) {
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // Not JSON: an error page from a proxy is not the API's drift.
    }
  }
  if (validate(parsed)) return;
  const issues = (validate.errors ?? []).map(describe);
  if (config.validateResponses === true)
    throw new BadResponseError(
      target,
      answer,
      `a body the document does not allow (${issues.join("; ")})`,
    );
  for (const issue of issues) {
    const key = `${target.operation} ${status} ${issue}`;
    const seen = reported.get(config) ?? new Set<string>();
    reported.set(config, seen);
    if (seen.has(key)) continue;
    seen.add(key);
    const line = `seekrflow: ${target.operation} answered ${status} with a body the document does not allow: ${issue}`;
    if (config.logger) config.logger(line, undefined);
    else console.warn(line);
  }
}

/** `field rule: message`, such as `body.id required: must have required property 'id'`. */
function describe(issue: ValidationIssue): string {
  return `${["body", ...issueLocation(issue)].join(".")} ${issue.keyword}: ${issue.message ?? "invalid"}`;
}
