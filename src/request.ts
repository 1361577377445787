/**
 * How the facade calls one operation: check the input against the document, send it through the
 * raw client with the call's options, and turn an error answer into an `APIError`.
 */
import type { ConnectedClient } from "./client.js";
import { APIError } from "./errors.js";
import { type OperationId, operations } from "./generated/operations.js";
import { takenEffectHint, type RequestFetch, type RequestOptions } from "./transport.js";
import { assertValidRequest } from "./validate.js";

/** The openapi-fetch options a facade method builds. */
export interface CallInit {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Calls `operation` and returns its success body, or throws a `SeekrFlowError`. */
export async function callOperation<I extends CallInit, T>(
  client: ConnectedClient,
  operation: OperationId,
  init: I,
  options: RequestOptions | undefined,
  send: (init: I & { fetch: RequestFetch }) => Promise<Result<T>>,
): Promise<T> {
  assertValidRequest(operation, {
    path: init.params?.path,
    query: init.params?.query,
    body: init.body,
  });
  const { data, error, response } = await send({ ...init, fetch: client.fetchWith(options) });
  if (!response.ok) {
    const { method, path } = operations[operation];
    const filled = path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(String(init.params?.path?.[name])),
    );
    const target = { operation, method, path: filled };
    const hint = response.status >= 500 ? takenEffectHint(target) : "";
    throw APIError.from(
      { ...target, status: response.status, body: error, headers: response.headers },
      hint,
    );
  }
  return data as T;
}
