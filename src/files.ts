/**
 * `flow.files`: upload documents, list and fetch files, download contents.
 */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { APIAbortError } from "./errors.js";
import { PageRequest } from "./paging.js";
import { callOperation, streamOperation } from "./request.js";
import type { RequestOptions, Transport } from "./transport.js";
import type { FileDeleted, FileList, FileListParams, FileObject, FilePurpose } from "./types.js";
import { toFile, type UploadSource } from "./upload-source.js";

/** Options of `files.upload` and `files.uploadMany`. */
export interface UploadOptions extends RequestOptions {
  /** What the files are for; documents for data jobs take `alignment`. */
  purpose: FilePurpose;
  /** A vector database to add the file to (single uploads only). */
  vector_database_id?: string | null;
}

/** The files of the API. */
export class Files {
  readonly #transport: Transport;

  /** @internal Made by `SeekrFlow`. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Uploads one file: a path, a `File`, or `{ data, filename }` where data is a Blob, bytes or a
   * stream. Not retried once it may have reached the server.
   */
  async upload(
    source: UploadSource,
    { purpose, vector_database_id, ...options }: UploadOptions,
  ): Promise<FileObject> {
    const files = await toFile(source, "uploadFile");
    const body = {
      files,
      purpose,
      ...(vector_database_id === undefined ? {} : { vector_database_id }),
    };
    return callOperation(this.#transport, "uploadFile", { body }, options);
  }

  /** Uploads several files with one purpose in one request; results come in the order given. */
  async uploadMany(
    sources: UploadSource[],
    { purpose, ...options }: Omit<UploadOptions, "vector_database_id">,
  ): Promise<FileObject[]> {
    const files = await Promise.all(sources.map((source) => toFile(source, "uploadFiles")));
    return callOperation(this.#transport, "uploadFiles", { body: { files, purpose } }, options);
  }

  /** Lists files: `await` it for one page, or `for await` over it for every file. */
  list(
    params: FileListParams = {},
    options?: RequestOptions,
  ): PageRequest<FileList, FileObject, FileListParams> {
    return new PageRequest(params, (query) =>
      callOperation(this.#transport, "listFiles", { query }, options),
    );
  }

  /** Gets a file's metadata. */
  get(id: string, options?: RequestOptions): Promise<FileObject> {
    return callOperation(this.#transport, "getFile", { path: { file_id: id } }, options);
  }

  /** Streams a file's bytes, such as the `.parquet` dataset a job produced. */
  async content(id: string, options?: RequestOptions): Promise<ReadableStream<Uint8Array>> {
    return streamOperation(this.#transport, "getFileContent", { path: { file_id: id } }, options);
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
  delete(id: string, options?: RequestOptions): Promise<FileDeleted> {
    return callOperation(this.#transport, "deleteFile", { path: { file_id: id } }, options);
  }
}
