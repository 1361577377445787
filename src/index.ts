/**
 * seekrflow-client: a typed client for SeekrFlow's data jobs API, generated from its OpenAPI
 * document.
 */
export { createSeekrFlowClient, type SeekrFlowRawClient } from "./client.js";
export { type ClientOptions, DEFAULT_BASE_URL, type Logger } from "./config.js";
export * from "./errors.js";
export type { paths, components, operations } from "./generated/schema.js";
export type { RequestOptions } from "./transport.js";
export type { RetryMode } from "./retry-policy.js";
export * from "./types.js";
