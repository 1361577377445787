/**
 * `flow.dataJobs`: every data jobs operation, plus paging and waiting. Each method names its
 * operation, by its operationId, and nothing else: method, path and types come from the document.
 */
import { APIPromise } from "../core/api-promise.js";
import { operationTable } from "../generated/operations.js";
import type { Caller } from "../core/call.js";
import type { RequestOptions } from "../core/transport.js";
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
} from "../types.js";
import { PagePromise } from "./paging.js";
import { DataJobStateError } from "./job-errors.js";
import { waitForJob, type WaitOptions } from "./wait.js";

/** The data jobs of the API. Bodies and results are the document's types, snake_case as on the wire. */
export class DataJobs {
  readonly #caller: Caller;

  /** @internal Made by `SeekrFlow`. */
  constructor(caller: Caller) {
    this.#caller = caller;
  }

  /** Creates a data job (it has no files yet: `addFiles` next). Not retried once it may have reached the server. */
  create(body: DataJobCreateRequest, options?: RequestOptions): APIPromise<DataJob> {
    return this.#caller.call("createDataJob", { body }, options);
  }

  /**
   * Lists data jobs: `await` it for one page, `for await (const job of dataJobs.list())` for
   * every job, or `.pages()` for page after page.
   */
  list(
    params: DataJobListParams = {},
    options?: RequestOptions,
  ): PagePromise<DataJobList, DataJob, DataJobListParams> {
    return new PagePromise("listDataJobs", operationTable.listDataJobs.pageLimit, params, (query) =>
      this.#caller.result("listDataJobs", { query }, options),
    );
  }

  /** Gets a data job with its files, ingestion, alignment job and timeline. */
  get(id: string, options?: RequestOptions): APIPromise<DataJobDetail> {
    return this.#caller.call("getDataJob", { path: { data_job_id: id } }, options);
  }

  /** Changes a data job's name, system prompt, instructions or vector database. */
  update(
    id: string,
    body: DataJobUpdateRequest,
    options?: RequestOptions,
  ): APIPromise<DataJobDetail> {
    return this.#caller.call("updateDataJob", { path: { data_job_id: id }, body }, options);
  }

  /** Deletes a data job; its files stay. */
  delete(id: string, options?: RequestOptions): APIPromise<void> {
    return this.#caller.call("deleteDataJob", { path: { data_job_id: id } }, options);
  }

  /** Attaches uploaded files; documents other than Markdown are converted first (`file_processing`). */
  addFiles(
    id: string,
    body: DataJobAddFilesRequest,
    options?: RequestOptions,
  ): APIPromise<DataJobDetail> {
    return this.#caller.call("addDataJobFiles", { path: { data_job_id: id }, body }, options);
  }

  /** Detaches files, such as one whose conversion failed. */
  removeFiles(
    id: string,
    body: DataJobRemoveFilesRequest,
    options?: RequestOptions,
  ): APIPromise<DataJobDetail> {
    return this.#caller.call("removeDataJobFiles", { path: { data_job_id: id }, body }, options);
  }

  /** Starts generating the dataset; only a job in `ready_to_start` can start (else `ConflictError`). */
  start(id: string, options?: RequestOptions): APIPromise<DataJobDetail> {
    return this.#caller.call("startDataJob", { path: { data_job_id: id } }, options);
  }

  /** Cancels the generation of a started job. */
  cancel(id: string, options?: RequestOptions): APIPromise<DataJobDetail> {
    return this.#caller.call("cancelDataJob", { path: { data_job_id: id } }, options);
  }

  /** Creates a new job with this one's settings and files. */
  clone(
    id: string,
    body: DataJobCloneRequest = {},
    options?: RequestOptions,
  ): APIPromise<DataJobDetail> {
    return this.#caller.call("cloneDataJob", { path: { data_job_id: id }, body }, options);
  }

  /** Drafts a system prompt from instructions and an optional document summary. */
  generateSystemPrompt(
    body: GenerateSystemPromptRequest,
    options?: RequestOptions,
  ): APIPromise<GeneratedSystemPrompt> {
    return this.#caller.call("generateSystemPrompt", { body }, options);
  }

  /**
   * The dataset files of a started job: pass the data job's id (its alignment job is looked up)
   * or `{ alignmentJobId }`. The output with purpose `fine-tune` is the dataset. A job that has
   * not been started has none yet: that rejects with a `DataJobStateError` saying what to do.
   */
  outputs(
    job: string | { alignmentJobId: string },
    options?: RequestOptions,
  ): APIPromise<AlignmentOutput[]> {
    return new APIPromise(
      (async () => {
        const found =
          typeof job === "string" ? await this.get(job, options).withResponse() : undefined;
        const alignmentJobId = found
          ? found.data.alignment_job_id
          : (job as { alignmentJobId: string }).alignmentJobId;
        if (!alignmentJobId && found)
          throw new DataJobStateError(found.data, "have outputs before it is started");
        const path = { alignment_job_id: alignmentJobId ?? "" };
        return this.#caller.result("listAlignmentOutputs", { path }, options);
      })(),
    );
  }

  /**
   * Polls the job until its status is in `until` (default: a terminal status) and resolves with it.
   * Rejects with `DataJobStateError` (carrying the job and the server's reasons) when it lands
   * where `until` can no longer follow, e.g. `needs_review` while waiting for `ready_to_start`.
   *
   * @throws `DataJobStateError` as above; `WaitTimeoutError` when `timeoutMs` passes (the job
   * goes on); `APIAbortError` when `signal` aborts; `InvalidRequestError` for options that would
   * poll in a tight loop; and what each poll's `get` throws.
   */
  waitFor(id: string, options?: WaitOptions): Promise<DataJobDetail> {
    return waitForJob(id, (signal) => this.get(id, signal ? { signal } : {}), options);
  }
}
