/**
 * The typed openapi-fetch client of the document, used through its own extension points: the
 * transport (./transport.ts) is its `fetch`, a body with files is sent as a form by its
 * `bodySerializer`, and raw calls are checked against the document by a middleware that runs
 * before any other (an `InvalidRequestError`, nothing sent). The facade's calls carry a `fetch`
 * of their own and were checked by the facade (./call.ts), so that middleware lets them by.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { type OperationId, operationTable } from "../generated/operations.js";
import type { paths } from "../generated/schema.js";
import { type ClientOptions, type ResolvedConfig, resolveConfig } from "./config.js";
import { rawCallOperations } from "./find-operation.js";
import { transportFetch } from "./transport.js";
import { assertValidRequest } from "./validate.js";

/** The typed client of every path in the OpenAPI document (openapi-fetch). */
export type SeekrFlowRawClient = Client<paths>;

/** The operation at a method and path template, straight from the generated table. */
const BY_TEMPLATE = new Map<string, OperationId>(
  Object.entries(operationTable).map(([id, op]) => [`${op.method} ${op.path}`, id as OperationId]),
);

/** The openapi-fetch client of `config`, every call sent through the transport. */
export function rawClient(config: ResolvedConfig): SeekrFlowRawClient {
  const fetch = transportFetch(config);
  const client = createClient<paths>({
    baseUrl: config.baseUrl.href.replace(/\/$/, ""),
    fetch,
    headers: config.headers,
    bodySerializer: (body: unknown) => (hasFiles(body) ? toFormData(body) : JSON.stringify(body)),
  });
  client.use(checkRawCalls(fetch));
  return client;
}

/**
 * Checks a raw call (one sent with the client's own `fetch`) against its operation's schema: path,
 * query and header parameters, and a JSON body. A form's fields are the server's to check.
 */
function checkRawCalls(clientFetch: unknown): Middleware {
  return {
    async onRequest({ request, schemaPath, params, options }) {
      if (options.fetch !== clientFetch) return undefined;
      const operation = BY_TEMPLATE.get(`${request.method} ${schemaPath}`);
      if (!operation) return undefined;
      rawCallOperations.set(request, operation);
      const json = operationTable[operation].body === "json" && request.body !== null;
      const text = json ? await request.clone().text() : "";
      await assertValidRequest(operation, {
        path: params.path,
        query: params.query,
        header: params.header,
        body: text === "" ? undefined : JSON.parse(text),
      });
      return undefined;
    },
  };
}

/** Whether a body carries a file (a Blob), and so goes as a multipart form. */
function hasFiles(body: unknown): body is Record<string, unknown> {
  return (
    typeof body === "object" &&
    body !== null &&
    Object.values(body).some(
      (value) =>
        value instanceof Blob || (Array.isArray(value) && value.some((v) => v instanceof Blob)),
    )
  );
}

/** Multipart form fields: a Blob becomes a file part (with its name, for a File). */
export function toFormData(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      // A File goes in as it is (a name given would copy it into a new File, reading it now).
      if (item instanceof File) form.append(key, item);
      else if (item instanceof Blob) form.append(key, item, "blob");
      else if (item !== undefined && item !== null) form.append(key, String(item));
    }
  }
  return form;
}

/**
 * The typed client of every operation in the OpenAPI document: `client.POST("/v1/flow/data-jobs", …)`.
 * It validates each call and adds the key, team, timeout, retries and logging of `options`; it
 * does not throw on HTTP errors (openapi-fetch returns `{ data, error, response }`). Most code
 * wants `new SeekrFlow()`.
 */
export function createSeekrFlowClient(options?: ClientOptions): SeekrFlowRawClient {
  return rawClient(resolveConfig(options));
}
