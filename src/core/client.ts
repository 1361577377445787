/**
 * The typed openapi-fetch client of the document. Every call, from the facade or from `flow.raw`,
 * is checked against the document first (an `InvalidRequestError`, nothing sent), then passes
 * through openapi-fetch and its middleware, then through the transport (./transport.ts).
 */
import createClient, { type Client } from "openapi-fetch";
import { type OperationId, operations } from "../generated/operations.js";
import type { paths } from "../generated/schema.js";
import { type ClientOptions, type ResolvedConfig, resolveConfig } from "./config.js";
import { HTTP_METHODS } from "./http.js";
import { transportFetch } from "./transport.js";
import { assertValidRequest } from "./validate.js";

/** The typed client of every path in the OpenAPI document (openapi-fetch). */
export type SeekrFlowRawClient = Client<paths>;

/** What openapi-fetch takes beside the path: the parts the document constrains. */
interface CallInit {
  params?: {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
    header?: Record<string, unknown>;
  };
  body?: unknown;
  bodySerializer?: unknown;
}

/** The operation at a method and path template, straight from the generated table. */
const BY_TEMPLATE = new Map<string, OperationId>(
  Object.entries(operations).map(([id, op]) => [`${op.method} ${op.path}`, id as OperationId]),
);

/** The openapi-fetch client of `config`, with every call validated and sent through the transport. */
export function rawClient(config: ResolvedConfig): SeekrFlowRawClient {
  const client = createClient<paths>({
    baseUrl: config.baseUrl.href.replace(/\/$/, ""),
    fetch: transportFetch(config),
    headers: config.headers,
  });
  // openapi-fetch's GET, POST, … are `request` with their method: one validating wrapper serves all.
  const send = client.request as (method: string, url: string, init?: CallInit) => Promise<unknown>;
  const request = async (method: string, url: string, init?: CallInit): Promise<unknown> =>
    send(method, url, await prepare(method.toUpperCase(), url, init));
  const methods: Record<string, unknown> = { request };
  for (const method of HTTP_METHODS.map((m) => m.toUpperCase()))
    methods[method] = (url: string, init?: CallInit) => request(method, url, init);
  Object.assign(client, methods);
  return client;
}

/** Checks a call against its operation's schema; a form body is sent as multipart. */
async function prepare(method: string, template: string, init: CallInit = {}): Promise<CallInit> {
  const operation = BY_TEMPLATE.get(`${method} ${template}`);
  if (!operation) return init;
  await assertValidRequest(operation, {
    path: init.params?.path,
    query: init.params?.query,
    header: init.params?.header,
    body: init.body,
  });
  if (operations[operation].body !== "multipart" || init.bodySerializer) return init;
  return { ...init, bodySerializer: toFormData };
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
