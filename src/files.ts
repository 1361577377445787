/**
 * `flow.files`: upload documents, list and fetch files, download contents.
 */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ConnectedClient } from "./client.js";
import { PageRequest } from "./paging.js";
import { callOperation } from "./request.js";
import type { RequestOptions } from "./transport.js";
import type { FileDeleted, FileList, FileListParams, FileObject, FilePurpose } from "./types.js";
import { toFile, type UploadSource } from "./upload-source.js";

/** Options of `files.upload` and `files.uploadMany`. */
export interface UploadOptions extends RequestOptions {
  /** What the files are for; documents for data jobs take `alignment`. */
  purpose: FilePurpose;
  /** A vector database to add the file to (single uploads only). */
  vector_database_id?: string | null;
}

/** Multipart form fields: each Blob becomes a file part with its name. */
function toFormData(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item instanceof File) form.append(key, item, item.name);
      else if (item !== undefined && item !== null) form.append(key, String(item));
    }
  }
  return form;
}

/** The files of the API. */
export class Files {
  readonly #client: ConnectedClient;

  /** @internal Made by `SeekrFlow`. */
  constructor(client: ConnectedClient) {
    this.#client = client;
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
    return callOperation(this.#client, "uploadFile", { body }, options, (init) =>
      this.#client.raw.PUT("/v1/flow/files", { ...init, bodySerializer: toFormData }),
    );
  }

  /** Uploads several files with one purpose in one request; results come in the order given. */
  async uploadMany(
    sources: UploadSource[],
    { purpose, ...options }: Omit<UploadOptions, "vector_database_id">,
  ): Promise<FileObject[]> {
    const files = await Promise.all(sources.map((source) => toFile(source, "uploadFiles")));
    return callOperation(
      this.#client,
      "uploadFiles",
      { body: { files, purpose } },
      options,
      (init) =>
        this.#client.raw.PUT("/v1/flow/bulk_files", { ...init, bodySerializer: toFormData }),
    );
  }

  /** Lists files: `await` it for one page, or `for await` over it for every file. */
  list(
    params: FileListParams = {},
    options?: RequestOptions,
  ): PageRequest<FileList, FileObject, FileListParams> {
    return new PageRequest(params, (query) =>
      callOperation(this.#client, "listFiles", { params: { query } }, options, (init) =>
        this.#client.raw.GET("/v1/flow/files", init),
      ),
    );
  }

  /** Gets a file's metadata. */
  get(id: string, options?: RequestOptions): Promise<FileObject> {
    return callOperation(
      this.#client,
      "getFile",
      { params: { path: { file_id: id } } },
      options,
      (init) => this.#client.raw.GET("/v1/flow/files/{file_id}", init),
    );
  }

  /** Streams a file's bytes, such as the `.parquet` dataset a job produced. */
  async content(id: string, options?: RequestOptions): Promise<ReadableStream<Uint8Array>> {
    const stream = await callOperation(
      this.#client,
      "getFileContent",
      { params: { path: { file_id: id } } },
      options,
      (init) =>
        this.#client.raw.GET("/v1/flow/files/{file_id}/content", { ...init, parseAs: "stream" }),
    );
    return stream ?? new ReadableStream({ start: (controller) => controller.close() });
  }

  /** Downloads a file's bytes to `path` and returns the number of bytes written. */
  async download(id: string, path: string, options?: RequestOptions): Promise<number> {
    const source = Readable.fromWeb((await this.content(id, options)) as never);
    let bytes = 0;
    source.on("data", (chunk: Buffer) => (bytes += chunk.length));
    await pipeline(source, createWriteStream(path));
    return bytes;
  }

  /** Deletes a file. */
  delete(id: string, options?: RequestOptions): Promise<FileDeleted> {
    return callOperation(
      this.#client,
      "deleteFile",
      { params: { path: { file_id: id } } },
      options,
      (init) => this.#client.raw.DELETE("/v1/flow/files/{file_id}", init),
    );
  }
}
