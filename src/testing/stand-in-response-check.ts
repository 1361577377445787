/**
 * The stand-in's last word on every answer it serves: checked against the document's schema for
 * its operation and status, so that a bug in a handler is a loud 500, never a wrong answer.
 */
import type { OperationId } from "../generated/operations.js";
import { responseValidators } from "../generated/response-validators.js";

/**
 * What is wrong with `response` as an answer of `operation`, or undefined when the document
 * allows it. Only JSON answers are checked: binary content has no schema to break.
 */
export async function responseProblem(
  operation: OperationId,
  response: Response,
): Promise<string | undefined> {
  if (!response.headers.get("content-type")?.includes("application/json")) return undefined;
  // Stryker disable next-line OptionalChaining: every operation has a validator table.
  const validate = responseValidators[operation]?.[response.status];
  if (!validate)
    return `${operation} answered ${response.status}, a status the document does not declare for it`;
  if (validate(JSON.parse(await response.clone().text()))) return undefined;
  const issues = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  return `${operation} answered ${response.status} with ${issues.join("; ")}`;
}
