/**
 * `SeekrFlow`: the client most code wants.
 */
import type { Middleware } from "openapi-fetch";
import { Caller } from "./core/call.js";
import { rawClient, type SeekrFlowRawClient } from "./core/client.js";
import { type ClientOptions, resolveConfig } from "./core/config.js";
import { DataJobs } from "./resources/data-jobs.js";
import { Files } from "./resources/files.js";
import { type UploadSource, webUploads } from "./resources/upload-source.js";

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
  readonly #options: ClientOptions;
  readonly #middleware: Middleware[] = [];

  /** Reads missing options from SEEKR_API_KEY, SEEKR_BASE_URL and SEEKR_TEAM_ID; throws if there is no key. */
  constructor(options?: ClientOptions) {
    const config = resolveConfig(options);
    this.#options = options ?? {};
    this.raw = rawClient(config);
    const caller = new Caller(this.raw, config);
    this.dataJobs = new DataJobs(caller);
    this.files = this.filesFor(caller);
  }

  /** @internal The files of the runtime: `seekrflow-client/node`'s take paths too. */
  protected filesFor(caller: Caller): Files<Source> {
    return new Files(caller, webUploads) as Files<Source>;
  }

  /**
   * Adds openapi-fetch middleware: it sees each call once, facade or raw, without the key
   * (retries and redirects happen below it).
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
