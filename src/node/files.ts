/**
 * `flow.files` on Node: uploads from paths (./uploads.ts) and downloads to a path, atomically.
 */
import { randomUUID } from "node:crypto";
import { type FileHandle, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import {
  APIAbortError,
  APIConnectionError,
  InvalidRequestError,
  SeekrFlowError,
} from "../core/errors.js";
import { targetOf } from "../core/find-operation.js";
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
    await checkDownloadTarget(path);
    const temporary = join(dirname(path), `.${basename(path)}.${randomUUID().slice(0, 8)}.part`);
    const target = targetOf("getFileContent", { file_id: id });
    let bytes = 0;
    let file: FileHandle | undefined;
    try {
      const { data, response } = await this.content(id, request).withResponse();
      const length = response.headers.get("content-length");
      const expected =
        length !== null && !response.headers.has("content-encoding") ? Number(length) : undefined;
      // Opened before a byte is read, and awaited: no write stream opens it after a cleanup ran.
      // Stryker disable next-line StringLiteral: "wx" guards a name that is random already.
      file = await open(temporary, "wx");
      for await (const chunk of data) {
        await file.write(chunk);
        bytes += chunk.byteLength;
        onDownloadProgress?.({ loaded: bytes, total: expected });
      }
      await file.close();
      file = undefined;
      if (expected !== undefined && bytes !== expected)
        throw new APIConnectionError(
          target,
          `the download ended after ${bytes} of ${expected} bytes.`,
          { mayHaveTakenEffect: false },
        );
      await rename(temporary, path);
      return bytes;
    } catch (error) {
      // Closed and removed before the promise rejects: nothing half-written is left to find.
      await file?.close().catch(() => undefined);
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

/**
 * A download's target, checked before anything is sent: its folder exists, and it is not a
 * folder itself (a file there is replaced when the download is whole).
 */
async function checkDownloadTarget(path: string): Promise<void> {
  const problem = (message: string) =>
    new InvalidRequestError("getFileContent", [{ field: "path", rule: "file", message }]);
  const folder = await stat(dirname(path)).catch(() => undefined);
  if (!folder?.isDirectory())
    throw problem(`the folder of ${JSON.stringify(path)} does not exist: create it first`);
  if ((await stat(path).catch(() => undefined))?.isDirectory())
    throw problem(`${JSON.stringify(path)} is a folder: name the file to write`);
}
