/**
 * Checks a request against the OpenAPI document's constraints before it is sent, with the
 * validators generated from the document (./request-check.ts). They are most of the package's
 * code, so they load with the first request, not with the package (a bundler puts them in a
 * chunk of their own).
 */
import { InvalidRequestError } from "./errors.js";
import type { OperationId } from "../generated/operations.js";

let requestCheck: Promise<typeof import("./request-check.js")> | undefined;

/** A request as its operation's schema sees it. */
export interface RequestInput {
  path?: Record<string, unknown> | undefined;
  query?: Record<string, unknown> | undefined;
  header?: Record<string, unknown> | undefined;
  body?: unknown;
}

/** Rejects with an `InvalidRequestError` naming each field and rule the request breaks. */
export async function assertValidRequest(
  operation: OperationId,
  input: RequestInput,
): Promise<void> {
  const request = {
    path: input.path ?? {},
    query: input.query ?? {},
    header: Object.fromEntries(
      Object.entries(input.header ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    ...(input.body === undefined ? {} : { body: input.body }),
  };
  requestCheck ??= import("./request-check.js");
  const broken = (await requestCheck).brokenRules(operation, request);
  const pathParams = Object.fromEntries(
    Object.entries(request.path).map(([name, value]) => [name, String(value)]),
  );
  if (broken.length > 0) throw new InvalidRequestError(operation, broken, pathParams);
  for (const [name, value] of Object.entries(request.path)) {
    // "." and ".." survive encoding and would make the URL point at another path.
    if (value === "." || value === "..") {
      throw new InvalidRequestError(
        operation,
        [
          {
            field: `path.${name}`,
            rule: "id",
            message: `cannot be ${JSON.stringify(value)}: pass the id the API returned`,
          },
        ],
        pathParams,
      );
    }
  }
}
