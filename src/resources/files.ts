/**
 * `flow.files`: upload documents, list and fetch files, download contents.
 */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { APIPromise } from "../core/api-promise.js";
import type { Caller } from "../core/call.js";
import { APIAbortError } from "../core/errors.js";
import type { RequestOptions } from "../core/transport.js";
import type { components } from "../generated/schema.js";
import { toFile, type UploadSource } from "../node/upload-source.js";
import type { FileDeleted, FileList, FileListParams, FileObject } from "../types.js";
import { PagePromise } from "./paging.js";

/** Options of `files.upload` and `files.uploadMany`: the upload form's fields besides the files. */
export type UploadOptions = Omit<components["schemas"]["FileUploadForm"], "files"> & RequestOptions;

const FILE = "/v1/flow/files/{file_id}";

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
    const { purpose, vector_database_id, signal, timeoutMs, maxRetries, retry } = options;
    const { client } = this.#caller;
    return new APIPromise(
      toFile(source, "uploadFile").then((files) => {
        const body = {
          files,
          purpose,
          ...(vector_database_id === undefined ? {} : { vector_database_id }),
        };
        return this.#caller.result(
          "uploadFile",
          undefined,
          (init) => client.PUT("/v1/flow/files", { body, ...init }),
          { signal, timeoutMs, maxRetries, retry },
        );
      }),
    );
  }

  /** Uploads several files with one purpose in one request; results come in the order given. */
  uploadMany(
    sources: UploadSource[],
    options: Omit<UploadOptions, "vector_database_id">,
  ): APIPromise<FileObject[]> {
    const { purpose, signal, timeoutMs, maxRetries, retry } = options;
    const { client } = this.#caller;
    return new APIPromise(
      Promise.all(sources.map((source) => toFile(source, "uploadFiles"))).then((files) =>
        this.#caller.result(
          "uploadFiles",
          undefined,
          (init) => client.PUT("/v1/flow/bulk_files", { body: { files, purpose }, ...init }),
          { signal, timeoutMs, maxRetries, retry },
        ),
      ),
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

  /** Downloads a file's bytes to `path` and returns the number of bytes written. */
  async download(id: string, path: string, options?: RequestOptions): Promise<number> {
    const source = Readable.fromWeb((await this.content(id, options)) as never);
    let bytes = 0;
    source.on("data", (chunk: Buffer) => (bytes += chunk.length));
    try {
      await pipeline(source, createWriteStream(path));
    } catch (error) {
      if (options?.signal?.aborted)
        throw new APIAbortError(`Download of file ${id} was aborted after ${bytes} bytes.`, {
          cause: error,
        });
      throw error;
    }
    return bytes;
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
