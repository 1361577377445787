/**
 * `flow.files`: upload documents, list and fetch files, stream contents. Portable: what a source
 * may be, and how it is sent, come from the runtime's `UploadSupport` (./upload-source.ts).
 */
import { APIPromise } from "../core/api-promise.js";
import { operationTable } from "../generated/operations.js";
import type { Caller } from "../core/call.js";
import { toFormData } from "../core/client.js";
import { InvalidRequestError } from "../core/errors.js";
import type { RequestOptions } from "../core/transport.js";
import type { components } from "../generated/schema.js";
import type { FileDeleted, FileList, FileListParams, FileObject } from "../types.js";
import { PagePromise } from "./paging.js";
import type { UploadProgress, UploadSource, UploadSupport } from "./upload-source.js";

/** Options of `files.upload` and `files.uploadTogether`: the upload form's fields besides the files. */
export type UploadOptions = Omit<components["schemas"]["FileUploadForm"], "files"> &
  RequestOptions & {
    /**
     * Called as the files' bytes are sent (again from 0 if a retry sends them again). Where the
     * runtime's fetch reads the files itself (browsers, workers), it is called when the request
     * starts and when it is done.
     */
    onUploadProgress?: ((progress: UploadProgress) => void) | undefined;
  };

/** Options of `files.uploadEach`. */
export type UploadEachOptions<Source = UploadSource> = Omit<UploadOptions, "vector_database_id"> & {
  /** How many uploads run at once. @default 4 */
  concurrency?: number | undefined;
  /**
   * Called as bytes are sent, summed over every source: `total` counts the sources that have
   * started, so it grows as they do.
   */
  onUploadProgress?: ((progress: UploadProgress) => void) | undefined;
  /** Called as each source finishes, in the order they finish. */
  onProgress?:
    | ((progress: { done: number; total: number; outcome: UploadOutcome<Source> }) => void)
    | undefined;
};

/** What became of one source of `files.uploadEach`: the file it made, or why it did not. */
export type UploadOutcome<Source = UploadSource> =
  | { source: Source; file: FileObject; error?: undefined }
  | { source: Source; file?: undefined; error: unknown };

/**
 * Sums the progress of several parts, `totals` as known at the start, into one report; the total
 * is undefined while a part's is (a stream).
 */
function summed(
  totals: (number | undefined)[],
  report: (progress: UploadProgress) => void,
): (index: number, progress: UploadProgress) => void {
  const loaded = totals.map(() => 0);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return (index, progress) => {
    loaded[index] = progress.loaded;
    totals[index] = progress.total;
    const known = totals.every((total): total is number => total !== undefined);
    report({ loaded: sum(loaded), total: known ? sum(totals as number[]) : undefined });
  };
}

/** The files of the API. `Source` is what an upload takes: on Node, a path too. */
export class Files<Source = UploadSource> {
  readonly #caller: Caller;
  readonly #uploads: UploadSupport<Source>;

  /** @internal Made by `SeekrFlow`. */
  constructor(caller: Caller, uploads: UploadSupport<Source>) {
    this.#caller = caller;
    this.#uploads = uploads;
  }

  /**
   * Uploads one file: a `File`, or `{ data, filename }` where data is a Blob, bytes or a stream
   * (on Node, a path too). Not retried once it may have reached the server.
   */
  upload(source: Source, options: UploadOptions): APIPromise<FileObject> {
    const { purpose, vector_database_id, onUploadProgress, ...request } = options;
    return new APIPromise(
      this.#parts([source], "uploadFile", onUploadProgress, request).then(
        async ({ files, sent }) => {
          const body = {
            files: files[0]!,
            purpose,
            ...(vector_database_id === undefined ? {} : { vector_database_id }),
          };
          const form = toFormData(body);
          const file = await this.#caller.result("uploadFile", { body }, request, {
            form,
            fetch: this.#uploads.fetch,
          });
          sent();
          return file;
        },
      ),
    );
  }

  /**
   * Uploads several files with one purpose in one request, all or nothing; results come in the
   * order given. For many or large files, `uploadEach` sends each on its own.
   */
  uploadTogether(
    sources: Source[],
    options: Omit<UploadOptions, "vector_database_id">,
  ): APIPromise<FileObject[]> {
    const { purpose, onUploadProgress, ...request } = options;
    return new APIPromise(
      this.#parts(sources, "uploadFiles", onUploadProgress, request).then(
        async ({ files, sent }) => {
          const body = { files, purpose };
          const form = toFormData(body);
          const uploaded = await this.#caller.result("uploadFiles", { body }, request, {
            form,
            fetch: this.#uploads.fetch,
          });
          sent();
          return uploaded;
        },
      ),
    );
  }

  /**
   * The sources as parts, counting their bytes for `onUploadProgress` where the runtime can (or
   * telling the start now and the end through `sent`); a stream makes `request` not retried.
   */
  async #parts(
    sources: Source[],
    operation: "uploadFile" | "uploadFiles",
    onUploadProgress: UploadOptions["onUploadProgress"],
    request: RequestOptions,
  ): Promise<{ files: File[]; sent: () => void }> {
    const parts = await Promise.all(sources.map((s) => this.#uploads.part(s, operation)));
    if (parts.some((part) => part.once)) request.maxRetries = 0;
    const files = parts.map((part) => part.file);
    if (!onUploadProgress) return { files, sent: () => {} };
    const sizes = files.map((file) => file.size as number | undefined);
    const { counted } = this.#uploads;
    if (counted) return { files: counted(files, summed(sizes, onUploadProgress)), sent: () => {} };
    const total = sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
    onUploadProgress({ loaded: 0, total });
    return { files, sent: () => onUploadProgress({ loaded: total, total }) };
  }

  /** Lists files: `await` it for one page, `for await` over it for every file, or `.pages()`. */
  list(
    params: FileListParams = {},
    options?: RequestOptions,
  ): PagePromise<FileList, FileObject, FileListParams> {
    return new PagePromise("listFiles", operationTable.listFiles.pageLimit, params, (query) =>
      this.#caller.result("listFiles", { query }, options),
    );
  }

  /** Gets a file's metadata. */
  get(id: string, options?: RequestOptions): APIPromise<FileObject> {
    return this.#caller.call("getFile", { path: { file_id: id } }, options);
  }

  /**
   * Streams a file's bytes, such as the `.parquet` dataset a job produced.
   *
   * @throws `InvalidRequestError` (input the document refuses; nothing sent), the `APIError` subclass of an error status, `APIConnectionError` / `APITimeoutError` (no answer), `APIAbortError` (its `signal`), `BadResponseError` (an answer the document does not allow, with `validateResponses: true`); reading the stream rejects with `APITimeoutError` when it stalls for
   * `idleTimeoutMs`, or `APIConnectionError` when it breaks.
   */
  content(id: string, options?: RequestOptions): APIPromise<ReadableStream<Uint8Array>> {
    return new APIPromise(
      this.#caller.result("getFileContent", { path: { file_id: id } }, options).then((result) => ({
        ...result,
        // An answer without a body (content-length 0) is an empty file.
        data: result.data ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
      })),
    );
  }

  /**
   * Uploads each source as its own request, `concurrency` at a time, each retried as the policy
   * allows; resolves with one outcome per source, in order (`{ source, file }` or
   * `{ source, error }`), so that the files that did upload are never lost to one that did not.
   * For a handful of small files, `uploadTogether` sends one request instead, all or nothing.
   *
   * @throws `InvalidRequestError` for options the document refuses (before any upload); a
   * file's own failure is its outcome's `error`, never a rejection.
   */
  async uploadEach(
    sources: Source[],
    options: UploadEachOptions<Source>,
  ): Promise<UploadOutcome<Source>[]> {
    const { concurrency = 4, onProgress, onUploadProgress, ...upload } = options;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new InvalidRequestError("uploadEach", [
        {
          field: "concurrency",
          rule: "minimum",
          message: `must be a whole number of at least 1, not ${concurrency}`,
        },
      ]);
    const outcomes: UploadOutcome<Source>[] = new Array(sources.length);
    // A source's size counts once it starts.
    const report =
      onUploadProgress &&
      summed(
        sources.map(() => 0),
        onUploadProgress,
      );
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < sources.length) {
        const index = next++;
        const source = sources[index]!;
        const each = report
          ? { ...upload, onUploadProgress: (p: UploadProgress) => report(index, p) }
          : upload;
        outcomes[index] = await this.upload(source, each).then(
          (file) => ({ source, file }),
          (error: unknown) => ({ source, error }),
        );
        onProgress?.({ done: ++done, total: sources.length, outcome: outcomes[index]! });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, sources.length) }, worker));
    return outcomes;
  }

  /**
   * @deprecated Renamed `uploadTogether` (one request for every file); goes in the next minor.
   * @throws what `uploadTogether` throws.
   */
  uploadMany(
    sources: Source[],
    options: Omit<UploadOptions, "vector_database_id">,
  ): APIPromise<FileObject[]> {
    return this.uploadTogether(sources, options);
  }

  /**
   * @deprecated Renamed `uploadEach` (one request per file); goes in the next minor.
   * @throws what `uploadEach` throws.
   */
  uploadAll(
    sources: Source[],
    options: UploadEachOptions<Source>,
  ): Promise<UploadOutcome<Source>[]> {
    return this.uploadEach(sources, options);
  }

  /** Deletes a file. */
  delete(id: string, options?: RequestOptions): APIPromise<FileDeleted> {
    return this.#caller.call("deleteFile", { path: { file_id: id } }, options);
  }
}
