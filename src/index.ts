/**
 * seekrflow-client: a typed client for SeekrFlow's data jobs API, generated from its OpenAPI
 * document. Portable: browsers (with `dangerouslyAllowBrowser`), workers, Deno, Bun and Node; it
 * imports no Node module. `seekrflow-client/node` adds uploads from and downloads to file paths.
 */
export { SeekrFlow, type JsonOperationId, type PagedOperationId } from "./seekrflow.js";
export type { CallInput, DataOf } from "./core/operation-types.js";
export type { OperationId } from "./generated/operations.js";
export type { Middleware } from "openapi-fetch";
export { APIPromise, type WithResponse } from "./core/api-promise.js";
export { createSeekrFlowClient, type SeekrFlowRawClient } from "./core/client.js";
export {
  type ClientOptions,
  type ConfigSources,
  DEFAULT_BASE_URL,
  describeVariable,
  ENVIRONMENT,
  type EnvironmentVariable,
  formatLogEvent,
  type Logger,
  type RequestLogEvent,
  type SettingSource,
} from "./core/config.js";
export {
  APIAbortError,
  APIConnectionError,
  APIError,
  type APIErrorDetail,
  type APIErrorInit,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  BadResponseError,
  ConfigurationError,
  ConflictError,
  InternalServerError,
  type InvalidField,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestError,
  type RequestTarget,
  requestsSent,
  SeekrFlowError,
  UnprocessableEntityError,
} from "./core/errors.js";
export { DataJobStateError, WaitTimeoutError } from "./resources/job-errors.js";
export type { RetryMode } from "./core/retry-policy.js";
export type { RequestOptions } from "./core/transport.js";
export type { paths, components, operations } from "./generated/schema.js";
export type { DataJobs } from "./resources/data-jobs.js";
export type { Files, UploadEachOptions, UploadOptions, UploadOutcome } from "./resources/files.js";
export type { NamedSource, UploadProgress, UploadSource } from "./resources/upload-source.js";
export type { PageAt, PagePromise } from "./resources/paging.js";
export {
  JOB_STATUSES,
  NEEDS_USER_STATUSES,
  TERMINAL_STATUSES,
  type WaitOptions,
} from "./resources/wait.js";
export type * from "./types.js";
