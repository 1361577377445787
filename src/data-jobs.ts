/**
 * `flow.dataJobs`: every data jobs operation, plus paging and waiting.
 */
import { PageRequest } from "./paging.js";
import { callOperation } from "./request.js";
import type { RequestOptions, Transport } from "./transport.js";
import type {
  AlignmentOutput,
  DataJob,
  DataJobAddFilesRequest,
  DataJobCloneRequest,
  DataJobCreateRequest,
  DataJobDetail,
  DataJobList,
  DataJobListParams,
  DataJobRemoveFilesRequest,
  DataJobUpdateRequest,
  GeneratedSystemPrompt,
  GenerateSystemPromptRequest,
} from "./types.js";
import { waitForJob, type WaitOptions } from "./wait.js";

/** The data jobs of the API. Bodies and results are the document's types, snake_case as on the wire. */
export class DataJobs {
  readonly #transport: Transport;

  /** @internal Made by `SeekrFlow`. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Creates a data job (it has no files yet: `addFiles` next). Not retried once it may have reached the server. */
  create(body: DataJobCreateRequest, options?: RequestOptions): Promise<DataJob> {
    return callOperation(this.#transport, "createDataJob", { body }, options);
  }

  /**
   * Lists data jobs: `await` it for one page, or `for await (const job of dataJobs.list())` for
   * every job, page after page.
   */
  list(
    params: DataJobListParams = {},
    options?: RequestOptions,
  ): PageRequest<DataJobList, DataJob, DataJobListParams> {
    return new PageRequest(params, (query) =>
      callOperation(this.#transport, "listDataJobs", { query }, options),
    );
  }

  /** Gets a data job with its files, ingestion, alignment job and timeline. */
  get(id: string, options?: RequestOptions): Promise<DataJobDetail> {
    return callOperation(this.#transport, "getDataJob", { path: { data_job_id: id } }, options);
  }

  /** Changes a data job's name, system prompt, instructions or vector database. */
  update(id: string, body: DataJobUpdateRequest, options?: RequestOptions): Promise<DataJobDetail> {
    return callOperation(
      this.#transport,
      "updateDataJob",
      { path: { data_job_id: id }, body },
      options,
    );
  }

  /** Deletes a data job; its files stay. */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    await callOperation(this.#transport, "deleteDataJob", { path: { data_job_id: id } }, options);
  }

  /** Attaches uploaded files; documents other than Markdown are converted first (`file_processing`). */
  addFiles(
    id: string,
    body: DataJobAddFilesRequest,
    options?: RequestOptions,
  ): Promise<DataJobDetail> {
    return callOperation(
      this.#transport,
      "addDataJobFiles",
      { path: { data_job_id: id }, body },
      options,
    );
  }

  /** Detaches files, such as one whose conversion failed. */
  removeFiles(
    id: string,
    body: DataJobRemoveFilesRequest,
    options?: RequestOptions,
  ): Promise<DataJobDetail> {
    return callOperation(
      this.#transport,
      "removeDataJobFiles",
      { path: { data_job_id: id }, body },
      options,
    );
  }

  /** Starts generating the dataset; only a job in `ready_to_start` can start (else `ConflictError`). */
  start(id: string, options?: RequestOptions): Promise<DataJobDetail> {
    return callOperation(this.#transport, "startDataJob", { path: { data_job_id: id } }, options);
  }

  /** Cancels the generation of a started job. */
  cancel(id: string, options?: RequestOptions): Promise<DataJobDetail> {
    return callOperation(this.#transport, "cancelDataJob", { path: { data_job_id: id } }, options);
  }

  /** Creates a new job with this one's settings and files. */
  clone(
    id: string,
    body: DataJobCloneRequest = {},
    options?: RequestOptions,
  ): Promise<DataJobDetail> {
    return callOperation(
      this.#transport,
      "cloneDataJob",
      { path: { data_job_id: id }, body },
      options,
    );
  }

  /** Drafts a system prompt from instructions and an optional document summary. */
  generateSystemPrompt(
    body: GenerateSystemPromptRequest,
    options?: RequestOptions,
  ): Promise<GeneratedSystemPrompt> {
    return callOperation(this.#transport, "generateSystemPrompt", { body }, options);
  }

  /**
   * The dataset files of a started job: pass the data job's id (its alignment job is looked up)
   * or `{ alignmentJobId }`. The output with purpose `fine-tune` is the dataset.
   */
  async outputs(
    job: string | { alignmentJobId: string },
    options?: RequestOptions,
  ): Promise<AlignmentOutput[]> {
    const alignmentJobId =
      typeof job === "string"
        ? (await this.get(job, options)).alignment_job_id
        : job.alignmentJobId;
    if (!alignmentJobId) return [];
    return callOperation(
      this.#transport,
      "listAlignmentOutputs",
      { path: { alignment_job_id: alignmentJobId } },
      options,
    );
  }

  /**
   * Polls the job until its status is in `until` (default: a terminal status) and resolves with it.
   * Rejects with `DataJobStateError` (carrying the job and the server's reasons) when it lands
   * where `until` can no longer follow, e.g. `needs_review` while waiting for `ready_to_start`.
   */
  waitFor(id: string, options?: WaitOptions): Promise<DataJobDetail> {
    return waitForJob(id, (signal) => this.get(id, signal ? { signal } : {}), options);
  }
}
