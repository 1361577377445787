/**
 * `SeekrFlow`: the client most code wants.
 */
import { rawClient, type SeekrFlowRawClient } from "./client.js";
import { type ClientOptions, resolveConfig } from "./config.js";
import { DataJobs } from "./data-jobs.js";
import { Files } from "./files.js";
import { createTransport } from "./transport.js";

/**
 * The SeekrFlow data jobs client.
 *
 * ```ts
 * const flow = new SeekrFlow(); // apiKey from SEEKR_API_KEY, team from SEEKR_TEAM_ID
 * const job = await flow.dataJobs.create({ name: "Handbook QA", job_type: "principle_files" });
 * ```
 */
export class SeekrFlow {
  /** Data jobs: create, attach files, start, wait, list, … */
  readonly dataJobs: DataJobs;
  /** Files: upload documents, download datasets. */
  readonly files: Files;
  /** The typed openapi-fetch client of every path, for what the facade does not cover. */
  readonly raw: SeekrFlowRawClient;

  /** Reads missing options from SEEKR_API_KEY, SEEKR_BASE_URL and SEEKR_TEAM_ID; throws if there is no key. */
  constructor(options?: ClientOptions) {
    const transport = createTransport(resolveConfig(options));
    this.raw = rawClient(transport);
    this.dataJobs = new DataJobs(transport);
    this.files = new Files(transport);
  }
}
