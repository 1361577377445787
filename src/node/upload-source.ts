/**
 * Turns what a caller has (a path, a Blob or File, bytes, a stream) into a named Blob for a
 * multipart part. A path stays on disk until it is sent.
 */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { basename } from "node:path";
import { InvalidRequestError } from "../core/errors.js";
import { DiskFile, StreamFile } from "./disk-file.js";

/** Bytes in memory or a stream, with the file name the server should record. */
export interface NamedSource {
  /** The bytes: a Blob, a Buffer or Uint8Array, a web ReadableStream or a Node readable stream. */
  data: Blob | Uint8Array | ReadableStream<Uint8Array> | NodeJS.ReadableStream;
  /** The file name, with its extension (the server infers the type from it). */
  filename: string;
}

/** What `files.upload` takes: a file path, a `File` (it has a name), or bytes or a stream with a name. */
export type UploadSource = string | File | NamedSource;

/**
 * A File for the multipart part. A path stays on disk (read as it is sent, and again for a
 * retry); a stream goes to the socket as it is read, once (an upload of it is not retried).
 */
export async function toFile(source: UploadSource, operation: string): Promise<File> {
  if (typeof source === "string") {
    const size = await checkReadableFile(source, operation);
    // The bytes stay on disk until the request reads them, and are read again for a retry.
    return new DiskFile(source, size, basename(source));
  }
  if (source instanceof File) return source;
  if (!source || typeof source !== "object" || !("filename" in source) || !source.filename) {
    throw new InvalidRequestError(operation, [
      {
        field: "source",
        rule: "filename",
        message: "needs a file name: pass a path, a File, or { data, filename }",
      },
    ]);
  }
  const { data, filename } = source;
  if (data instanceof Blob || data instanceof Uint8Array) return new File([data], filename);
  const stream = data instanceof ReadableStream ? data : pulled(data as AsyncIterable<unknown>);
  return new StreamFile(stream as ReadableStream<Uint8Array<ArrayBuffer>>, filename);
}

/** Rejects a path that is missing, not a file, or not readable, naming it; resolves with its size. */
export async function checkReadableFile(path: string, operation: string): Promise<number> {
  const problem = (message: string): InvalidRequestError =>
    new InvalidRequestError(operation, [{ field: "source", rule: "file", message }]);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw problem(`${JSON.stringify(path)} does not exist`);
  if (!info.isFile()) throw problem(`${JSON.stringify(path)} is not a file`);
  await access(path, constants.R_OK).catch(() => {
    throw problem(`${JSON.stringify(path)} cannot be read (check its permissions)`);
  });
  return info.size;
}

/** A Node stream as a web stream that reads a chunk only when asked (Node 20's toWeb reads ahead). */
function pulled(source: AsyncIterable<unknown>): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]();
  return new ReadableStream(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else
          controller.enqueue(
            typeof value === "string" ? Buffer.from(value) : (value as Uint8Array),
          );
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
