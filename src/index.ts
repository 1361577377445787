/**
 * seekrflow-client: a typed client for SeekrFlow's data jobs API, generated from its OpenAPI
 * document.
 */
export { SeekrFlow } from "./seekrflow.js";
export { createSeekrFlowClient, type SeekrFlowRawClient } from "./client.js";
export { type ClientOptions, DEFAULT_BASE_URL, type Logger } from "./config.js";
export type { DataJobs } from "./data-jobs.js";
export type { Files, UploadOptions } from "./files.js";
export type { PageRequest } from "./paging.js";
export type { NamedSource, UploadSource } from "./upload-source.js";
export {
  DataJobStateError,
  TERMINAL_STATUSES,
  WaitTimeoutError,
  type WaitOptions,
} from "./wait.js";
export * from "./errors.js";
export type { paths, components, operations } from "./generated/schema.js";
export type { RequestOptions } from "./transport.js";
export { RETRY_POLICY, type RetryMode, type OperationPolicy } from "./retry-policy.js";
export * from "./types.js";
