/**
 * An answer against the document's schema for its operation and status, for `validateResponses`:
 * the generated response validators and the words for what they find. Loaded with the first
 * answer checked (./drift.ts), so that a client without the option never pays for them.
 */
import type { OperationId } from "../generated/operations.js";
import { responseValidators, type ValidationIssue } from "../generated/response-validators.js";
import type { Answer } from "./errors.js";
import { issueLocation } from "./issues.js";

/**
 * What the document does not allow in `answer`, a line per broken rule (`body.id required: …`);
 * none when it fits, when the document has no schema for its status, or when it is not JSON.
 */
export function driftIn(operation: OperationId, answer: Answer): string[] {
  const validate = responseValidators[operation]?.[answer.status];
  if (!validate) return [];
  // A JSON success was parsed once already, by the transport's check.
  let parsed: unknown = answer.json;
  if (parsed === undefined) {
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      return []; // Not JSON: an error page from a proxy is not the API's drift.
    }
  }
  // Stryker disable next-line ArrayDeclaration: ajv sets `errors` whenever it returns false.
  return validate(parsed) ? [] : (validate.errors ?? []).map(driftLine);
}

/** `field rule: message`, such as `body.id required: must have required property 'id'`. */
function driftLine(issue: ValidationIssue): string {
  // Stryker disable next-line StringLiteral: ajv words every issue it reports (`message`).
  return `${["body", ...issueLocation(issue)].join(".")} ${issue.keyword}: ${issue.message ?? "invalid"}`;
}
