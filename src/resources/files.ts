/**
 * `flow.files`: upload documents, list and fetch files, download contents.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { APIPromise } from "../core/api-promise.js";
import { type Caller, targetOf } from "../core/call.js";
import { toFormData } from "../core/client.js";
import {
  APIAbortError,
  APIConnectionError,
  InvalidRequestError,
  SeekrFlowError,
} from "../core/errors.js";
import type { RequestOptions } from "../core/transport.js";
import type { components } from "../generated/schema.js";
import { CountingFile, StreamFile } from "../node/disk-file.js";
import { streamingFetch } from "../node/stream-fetch.js";
import { toFile, type UploadSource } from "../node/upload-source.js";
import type { FileDeleted, FileList, FileListParams, FileObject } from "../types.js";
import { PagePromise } from "./paging.js";

/** How much of an upload has been sent: bytes of the files, not of the form around them. */
export interface UploadProgress {
  loaded: number;
  /** Undefined when a source is a stream of unknown length. */
  total: number | undefined;
}

/** Options of `files.upload` and `files.uploadMany`: the upload form's fields besides the files. */
export type UploadOptions = Omit<components["schemas"]["FileUploadForm"], "files"> &
  RequestOptions & {
    /** Called as the files' bytes are sent (again from 0 if a retry sends them again). */
    onUploadProgress?: ((progress: UploadProgress) => void) | undefined;
  };

/** Options of `files.uploadAll`. */
export type UploadAllOptions = Omit<UploadOptions, "vector_database_id"> & {
  /** How many uploads run at once. @default 4 */
  concurrency?: number | undefined;
  /**
   * Called as bytes are sent, summed over every source: `total` counts the sources that have
   * started, so it grows as they do.
   */
  onUploadProgress?: ((progress: UploadProgress) => void) | undefined;
  /** Called as each source finishes, in the order they finish. */
  onProgress?:
    ((progress: { done: number; total: number; outcome: UploadOutcome }) => void) | undefined;
};

/** What became of one source of `files.uploadAll`: the file it made, or why it did not. */
export type UploadOutcome =
  | { source: UploadSource; file: FileObject; error?: undefined }
  | { source: UploadSource; file?: undefined; error: unknown };

const FILE = "/v1/flow/files/{file_id}";

/** The files, each reporting what is read of it to `onUploadProgress`, summed over all. */
function counted(files: File[], onUploadProgress: UploadOptions["onUploadProgress"]): File[] {
  if (!onUploadProgress) return files;
  const sizes = files.map((file) => file.size as number | undefined);
  const report = summed(sizes, onUploadProgress);
  return files.map(
    (file, i) => new CountingFile(file, (loaded) => report(i, { loaded, total: sizes[i] })),
  );
}

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

/** The files of the API. */
export class Files {
  readonly #caller: Caller;

  /** @internal Made by `SeekrFlow`. */
  constructor(caller: Caller) {
    this.#caller = caller;
  }

  /**
   * Uploads one file: a path, a `File`, or `{ data, filename }` where data is a Blob, bytes or a
   * stream. Not retried once it may have reached the server.
   */
  upload(source: UploadSource, options: UploadOptions): APIPromise<FileObject> {
    const { purpose, vector_database_id, onUploadProgress, ...request } = options;
    const { client } = this.#caller;
    return new APIPromise(
      toFile(source, "uploadFile").then((file) => {
        const [files] = counted([file], onUploadProgress);
        // A stream is read once: sending it again would send nothing.
        if (file instanceof StreamFile) request.maxRetries = 0;
        const body = {
          files: files!,
          purpose,
          ...(vector_database_id === undefined ? {} : { vector_database_id }),
        };
        const form = toFormData(body);
        return this.#caller.result(
          "uploadFile",
          undefined,
          (init) => client.PUT("/v1/flow/files", { body, bodySerializer: () => form, ...init }),
          request,
          { form, fetch: streamingFetch },
        );
      }),
    );
  }

  /**
   * Uploads several files with one purpose in one request, all or nothing; results come in the
   * order given. For many or large files, `uploadAll` sends each on its own.
   */
  uploadMany(
    sources: UploadSource[],
    options: Omit<UploadOptions, "vector_database_id">,
  ): APIPromise<FileObject[]> {
    const { purpose, onUploadProgress, ...request } = options;
    const { client } = this.#caller;
    return new APIPromise(
      Promise.all(sources.map((source) => toFile(source, "uploadFiles"))).then((given) => {
        if (given.some((file) => file instanceof StreamFile)) request.maxRetries = 0;
        const body = { files: counted(given, onUploadProgress), purpose };
        const form = toFormData(body);
        return this.#caller.result(
          "uploadFiles",
          undefined,
          (init) =>
            client.PUT("/v1/flow/bulk_files", { body, bodySerializer: () => form, ...init }),
          request,
          { form, fetch: streamingFetch },
        );
      }),
    );
  }

  /** Lists files: `await` it for one page, `for await` over it for every file, or `.pages()`. */
  list(
    params: FileListParams = {},
    options?: RequestOptions,
  ): PagePromise<FileList, FileObject, FileListParams> {
    const { client } = this.#caller;
    return new PagePromise(params, (query) =>
      this.#caller.result(
        "listFiles",
        undefined,
        (init) => client.GET("/v1/flow/files", { params: { query }, ...init }),
        options,
      ),
    );
  }

  /** Gets a file's metadata. */
  get(id: string, options?: RequestOptions): APIPromise<FileObject> {
    const { client } = this.#caller;
    const path = { file_id: id };
    return this.#caller.call(
      "getFile",
      path,
      (init) => client.GET(FILE, { params: { path }, ...init }),
      options,
    );
  }

  /** Streams a file's bytes, such as the `.parquet` dataset a job produced. */
  content(id: string, options?: RequestOptions): APIPromise<ReadableStream<Uint8Array>> {
    const { client } = this.#caller;
    const path = { file_id: id };
    return this.#caller.call(
      "getFileContent",
      path,
      async (init) => {
        const { data, error, response } = await client.GET(`${FILE}/content`, {
          params: { path },
          parseAs: "stream",
          ...init,
        });
        const empty = new ReadableStream<Uint8Array>({ start: (c) => c.close() });
        return { data: (data as ReadableStream<Uint8Array> | null) ?? empty, error, response };
      },
      options,
    );
  }

  /**
   * Uploads each source as its own request, `concurrency` at a time, each retried as the policy
   * allows; resolves with one outcome per source, in order (`{ source, file }` or
   * `{ source, error }`), so that the files that did upload are never lost to one that did not.
   * For a handful of small files, `uploadMany` sends one request instead, all or nothing.
   */
  async uploadAll(sources: UploadSource[], options: UploadAllOptions): Promise<UploadOutcome[]> {
    const { concurrency = 4, onProgress, onUploadProgress, ...upload } = options;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new InvalidRequestError("uploadAll", [
        {
          field: "concurrency",
          rule: "minimum",
          message: `must be a whole number of at least 1, not ${concurrency}`,
        },
      ]);
    const outcomes: UploadOutcome[] = new Array(sources.length);
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
   * Downloads a file's bytes to `path` and returns how many were written. The bytes go to a
   * temporary file beside `path`, renamed into place only when every byte arrived (as many as
   * `content-length` said); on any failure the temporary file is removed, whatever was at `path`
   * stays, and the error is a `SeekrFlowError`.
   */
  async download(id: string, path: string, options?: RequestOptions): Promise<number> {
    const temporary = join(dirname(path), `.${basename(path)}.${randomUUID().slice(0, 8)}.part`);
    const target = targetOf("getFileContent", { file_id: id });
    let bytes = 0;
    try {
      const { data, response } = await this.content(id, options).withResponse();
      const length = response.headers.get("content-length");
      const expected =
        length !== null && !response.headers.has("content-encoding") ? Number(length) : undefined;
      const count = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length;
          callback(null, chunk);
        },
      });
      await pipeline(
        Readable.fromWeb(data as never),
        count,
        createWriteStream(temporary, { flags: "wx" }),
      );
      if (expected !== undefined && bytes !== expected)
        throw new APIConnectionError(
          target,
          `the download ended after ${bytes} of ${expected} bytes.`,
          {
            mayHaveTakenEffect: false,
          },
        );
      await rename(temporary, path);
      return bytes;
    } catch (error) {
      await rm(temporary, { force: true });
      if (error instanceof SeekrFlowError) throw error;
      const local = error as NodeJS.ErrnoException;
      if (local.syscall && local.path !== undefined)
        throw new SeekrFlowError(`Cannot write the download beside ${path}: ${local.message}`, {
          cause: error,
        });
      if (options?.signal?.aborted)
        throw new APIAbortError(`Download of file ${id} was aborted after ${bytes} bytes.`, {
          cause: error,
        });
      throw new APIConnectionError(
        target,
        `the download broke off after ${bytes} bytes (${(error as Error).message}); nothing was written to ${path}.`,
        { cause: error, mayHaveTakenEffect: false },
      );
    }
  }

  /** Deletes a file. */
  delete(id: string, options?: RequestOptions): APIPromise<FileDeleted> {
    const { client } = this.#caller;
    const path = { file_id: id };
    return this.#caller.call(
      "deleteFile",
      path,
      (init) => client.DELETE(FILE, { params: { path }, ...init }),
      options,
    );
  }
}
