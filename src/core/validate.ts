/**
 * Checks a request against the OpenAPI document's constraints before it is sent, with the
 * validators generated from the document.
 */
import { InvalidRequestError } from "./errors.js";
import type { OperationId } from "../generated/operations.js";
import * as validators from "../generated/validators.js";

/** A request as its operation's schema sees it. */
export interface RequestInput {
  path?: Record<string, unknown> | undefined;
  query?: Record<string, unknown> | undefined;
  header?: Record<string, unknown> | undefined;
  body?: unknown;
}

/** Throws `InvalidRequestError` naming each field and rule the request breaks. */
export function assertValidRequest(operation: OperationId, input: RequestInput): void {
  const request = {
    path: input.path ?? {},
    query: input.query ?? {},
    header: Object.fromEntries(
      Object.entries(input.header ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    ...(input.body === undefined ? {} : { body: input.body }),
  };
  const validate = validators[operation];
  if (!validate(request)) throw InvalidRequestError.fromIssues(operation, validate.errors ?? []);
  for (const [name, value] of Object.entries(request.path)) {
    // "." and ".." survive encoding and would make the URL point at another path.
    if (value === "." || value === "..") {
      throw new InvalidRequestError(operation, [
        {
          field: `path.${name}`,
          rule: "id",
          message: `cannot be ${JSON.stringify(value)}: pass the id the API returned`,
        },
      ]);
    }
  }
}
