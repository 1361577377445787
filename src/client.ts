/**
 * The typed openapi-fetch client of the document, sending through the transport.
 */
import createClient, { type Client } from "openapi-fetch";
import { type ClientOptions, resolveConfig } from "./config.js";
import type { paths } from "./generated/schema.js";
import { PreparedRequest, rawFetch } from "./raw-fetch.js";
import { createTransport, type Transport } from "./transport.js";

/** The typed client of every path in the OpenAPI document (openapi-fetch). */
export type SeekrFlowRawClient = Client<paths>;

/** The openapi-fetch client of `transport`. */
export function rawClient(transport: Transport): SeekrFlowRawClient {
  return createClient<paths>({
    baseUrl: transport.baseUrl,
    fetch: rawFetch(transport),
    // The transport is this client's fetch: it needs the call's parts, not a full Request.
    Request: PreparedRequest as unknown as typeof Request,
    headers: transport.config.headers,
  });
}

/**
 * The typed client of every operation in the OpenAPI document: `client.POST("/v1/flow/data-jobs", …)`.
 * It adds the key, team, timeout, retries and logging of `options`; it does not throw on HTTP
 * errors (openapi-fetch returns `{ data, error, response }`). Most code wants `new SeekrFlow()`.
 */
export function createSeekrFlowClient(options?: ClientOptions): SeekrFlowRawClient {
  return rawClient(createTransport(resolveConfig(options)));
}
