/**
 * `flow.files` on Node: uploads from paths (./uploads.ts) and downloads to a path, atomically.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { APIAbortError, APIConnectionError, SeekrFlowError, targetOf } from "../core/errors.js";
import type { RequestOptions } from "../core/transport.js";
import type { UploadProgress } from "../resources/upload-source.js";
import { Files } from "../resources/files.js";
import type { NodeUploadSource } from "./uploads.js";

/** Options of `files.download`. */
export type DownloadOptions = RequestOptions & {
  /** Called as bytes arrive; `total` is the declared length, when the server sent one. */
  onDownloadProgress?: ((progress: UploadProgress) => void) | undefined;
};

/** The files of the API, with what Node adds: upload from a path, download to a path. */
export class NodeFiles extends Files<NodeUploadSource> {
  /**
   * Downloads a file's bytes to `path` and returns how many were written. The bytes go to a
   * temporary file beside `path`, renamed into place only when every byte arrived (as many as
   * `content-length` said); on any failure the temporary file is removed, whatever was at `path`
   * stays, and the error is a `SeekrFlowError`.
   */
  async download(id: string, path: string, options?: DownloadOptions): Promise<number> {
    const { onDownloadProgress, ...request } = options ?? {};
    const temporary = join(dirname(path), `.${basename(path)}.${randomUUID().slice(0, 8)}.part`);
    const target = targetOf("getFileContent", { file_id: id });
    let bytes = 0;
    try {
      const { data, response } = await this.content(id, request).withResponse();
      const length = response.headers.get("content-length");
      const expected =
        length !== null && !response.headers.has("content-encoding") ? Number(length) : undefined;
      const count = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length;
          onDownloadProgress?.({ loaded: bytes, total: expected });
          callback(null, chunk);
        },
      });
      await pipeline(
        Readable.fromWeb(data as never),
        count,
        // Stryker disable next-line ObjectLiteral: "wx" guards a name that is random already.
        createWriteStream(temporary, { flags: "wx" }),
      );
      if (expected !== undefined && bytes !== expected)
        throw new APIConnectionError(
          target,
          `the download ended after ${bytes} of ${expected} bytes.`,
          { mayHaveTakenEffect: false },
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
        throw new APIAbortError(target, `Download of file ${id} was aborted after ${bytes} bytes.`, {
          cause: error,
        });
      throw new APIConnectionError(
        target,
        `the download broke off after ${bytes} bytes (${(error as Error).message}); nothing was written to ${path}.`,
        { cause: error, mayHaveTakenEffect: false },
      );
    }
  }
}
