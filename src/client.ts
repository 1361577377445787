/**
 * The typed openapi-fetch client of the document, sending through the transport.
 */
import createClient, { type Client } from "openapi-fetch";
import { type ClientOptions, resolveConfig, type ResolvedConfig } from "./config.js";
import type { paths } from "./generated/schema.js";
import {
  createTransport,
  PreparedRequest,
  type RequestFetch,
  type RequestOptions,
} from "./transport.js";

/** The typed client of every path in the OpenAPI document (openapi-fetch). */
export type SeekrFlowRawClient = Client<paths>;

/** A raw client with the per-call `fetch` maker the facade uses for per-call options. */
export interface ConnectedClient {
  raw: SeekrFlowRawClient;
  config: ResolvedConfig;
  /** The `fetch` for one call with these options. */
  fetchWith: (options?: RequestOptions) => RequestFetch;
}

/** Builds the raw client and its transport from options. */
export function connect(options?: ClientOptions): ConnectedClient {
  const config = resolveConfig(options);
  const fetchWith = createTransport(config);
  const raw = createClient<paths>({
    baseUrl: config.baseUrl.href.replace(/\/$/, ""),
    fetch: fetchWith(),
    // The transport is this client's fetch: it needs the call's parts, not a full Request.
    Request: PreparedRequest as unknown as typeof Request,
    headers: config.headers,
  });
  return { raw, config, fetchWith };
}

/**
 * The typed client of every operation in the OpenAPI document: `client.POST("/v1/flow/data-jobs", …)`.
 * It adds the key, team, timeout, retries and logging of `options`; it does not throw on HTTP
 * errors (openapi-fetch returns `{ data, error, response }`). Most code wants `new SeekrFlow()`.
 */
export function createSeekrFlowClient(options?: ClientOptions): SeekrFlowRawClient {
  return connect(options).raw;
}
