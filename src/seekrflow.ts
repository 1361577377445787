/**
 * `SeekrFlow`: the client most code wants.
 */
import type { Middleware } from "openapi-fetch";
import { APIPromise, type CallResult } from "./core/api-promise.js";
import { Caller } from "./core/call.js";
import { rawClient, type SeekrFlowRawClient } from "./core/client.js";
import { type ClientOptions, type ConfigSources, resolveConfig } from "./core/config.js";
import { InvalidRequestError } from "./core/errors.js";
import type { CallInput, DataOf } from "./core/operation-types.js";
import type { RequestOptions } from "./core/transport.js";
import { type OperationId, operationTable } from "./generated/operations.js";
import { DataJobs } from "./resources/data-jobs.js";
import { Files } from "./resources/files.js";
import { PagePromise, type PageQuery } from "./resources/paging.js";
import { type UploadSource, webUploads } from "./resources/upload-source.js";

type Table = typeof operationTable;
/** The operations `request` calls: every one but the form uploads. */
export type JsonOperationId = {
  [Op in OperationId]: Table[Op]["body"] extends "multipart" ? never : Op;
}[OperationId];
/** The list operations `paginate` pages through: those with `limit` and `offset`. */
export type PagedOperationId = {
  [Op in OperationId]: Table[Op] extends { pageLimit: object } ? Op : never;
}[OperationId];
type ItemOf<Op extends OperationId> =
  DataOf<Op> extends { data?: (infer Item extends { id: string })[] | null } ? Item : never;

/**
 * The SeekrFlow data jobs client, for any runtime. (`Source` is what `files.upload` takes; the
 * `seekrflow-client/node` client adds file paths.)
 *
 * ```ts
 * const flow = new SeekrFlow(); // apiKey from SEEKR_API_KEY, team from SEEKR_TEAM_ID
 * const job = await flow.dataJobs.create({ name: "Handbook QA", job_type: "principle_files" });
 * ```
 */
export class SeekrFlow<Source = UploadSource> {
  /** Data jobs: create, attach files, start, wait, list, … */
  readonly dataJobs: DataJobs;
  /** Files: upload documents, download datasets. */
  readonly files: Files<Source>;
  /** The typed openapi-fetch client of every path, for what the facade does not cover. */
  readonly raw: SeekrFlowRawClient;
  /** The server this client sends to, after the options and the environment (never the key). */
  readonly baseUrl: string;
  /** The team this client acts for (`x-team-id`), or undefined for the key's own. */
  readonly teamId: string | undefined;
  /** Where the key, the base URL and the team came from: an option, a variable, the default. */
  readonly configuredFrom: ConfigSources;
  readonly #caller: Caller;
  readonly #options: ClientOptions;
  readonly #middleware: Middleware[] = [];

  /** Reads missing options from SEEKR_API_KEY, SEEKR_BASE_URL and SEEKR_TEAM_ID; throws if there is no key. */
  constructor(options?: ClientOptions) {
    const config = resolveConfig(options);
    this.#options = options ?? {};
    this.raw = rawClient(config);
    this.baseUrl = config.baseUrl.href;
    this.teamId = config.teamId;
    this.configuredFrom = config.sources;
    const caller = new Caller(this.raw, config, this.#middleware);
    this.#caller = caller;
    this.dataJobs = new DataJobs(caller);
    this.files = this.filesFor(caller);
  }

  /**
   * Calls any operation by its operationId, with its path, query and body as the document types
   * them: checked, sent, retried and answered exactly as the facade's own methods are. For the
   * form uploads, use `files.upload` and `files.uploadTogether`.
   *
   * ```ts
   * const job = await flow.request("getDataJob", { path: { data_job_id: "dj-123" } });
   * ```
   *
   * @throws `InvalidRequestError` (input the document refuses; nothing sent), the `APIError` subclass of an error status, `APIConnectionError` / `APITimeoutError` (no answer), `APIAbortError` (its `signal`), `BadResponseError` (an answer the document does not allow, with `validateResponses: true`); `InvalidRequestError` for an operationId that is not one (or a form upload).
   */
  request<Op extends JsonOperationId>(
    operation: Op,
    input?: CallInput<Op>,
    options?: RequestOptions,
  ): APIPromise<DataOf<Op>> {
    const row = operationTable[operation] as { body: string } | undefined;
    if (!row || row.body === "multipart")
      return new APIPromise(
        Promise.reject(
          new InvalidRequestError(String(operation), [
            {
              field: "operation",
              rule: "enum",
              message: `must be an operationId of the document other than a form upload (use files.upload), not ${JSON.stringify(operation)}`,
            },
          ]),
        ),
      );
    return this.#caller.call(operation, input, options);
  }

  /**
   * Lists with any list operation: `await` it for one page, `for await` over it for every item of
   * every page, or `.pages()`, as `dataJobs.list` and `files.list` do.
   *
   * @throws `InvalidRequestError` at once for an operation that is not a list; each page's
   * request as `request` does.
   */
  paginate<Op extends PagedOperationId>(
    operation: Op,
    query: NonNullable<CallInput<Op>["query"]> = {},
    options?: RequestOptions,
  ): PagePromise<DataOf<Op>, ItemOf<Op>, PageQuery & NonNullable<CallInput<Op>["query"]>> {
    const row = operationTable[operation] as { pageLimit?: { default: number; maximum: number } };
    if (!row?.pageLimit)
      throw new InvalidRequestError(String(operation), [
        {
          field: "operation",
          rule: "enum",
          message: "is not a list operation with limit and offset",
        },
      ]);
    return new PagePromise(
      operation,
      row.pageLimit,
      query as PageQuery & NonNullable<CallInput<Op>["query"]>,
      (page) =>
        this.#caller.result(operation, { query: page } as CallInput<Op>, options) as Promise<
          CallResult<DataOf<Op>>
        >,
    );
  }

  /** @internal The files of the runtime: `seekrflow-client/node`'s take paths too. */
  protected filesFor(caller: Caller): Files<Source> {
    return new Files(caller, webUploads) as Files<Source>;
  }

  /**
   * Adds openapi-fetch middleware: it sees each call once, facade or raw, without the key
   * (retries and redirects happen below it).
   *
   * @throws nothing itself; an error a middleware throws rejects the call it was in.
   */
  use(...middleware: Middleware[]): void {
    this.#middleware.push(...middleware);
    this.raw.use(...middleware);
  }

  /**
   * A new client of the same class with `overrides` over this one's options (`headers` merged,
   * the overrides' winning) and the same middleware; this client is unchanged.
   *
   * ```ts
   * const patient = flow.withOptions({ timeoutMs: 300_000, maxRetries: 5 });
   * ```
   *
   * @throws `ConfigurationError` when the options together cannot work (as the constructor).
   */
  withOptions(overrides: ClientOptions): this {
    const options: ClientOptions = {
      ...this.#options,
      ...overrides,
      headers: { ...this.#options.headers, ...overrides.headers },
    };
    const Class = this.constructor as new (options: ClientOptions) => this;
    const client = new Class(options);
    client.use(...this.#middleware);
    return client;
  }
}
