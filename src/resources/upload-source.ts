/**
 * What `files.upload` takes, and how each runtime turns it into a multipart part. This module is
 * the portable one (browsers, workers, Deno, Bun, Node): a source is held as a Blob; the Node
 * entry (`seekrflow-client/node`) adds paths and parts read from disk as they are sent.
 */
import { InvalidRequestError } from "../core/errors.js";
import type { OperationId } from "../generated/operations.js";

/** Bytes in memory or a stream, with the file name the server should record. */
export interface NamedSource {
  /**
   * The bytes: a Blob, a Uint8Array (a Node Buffer is one), a web ReadableStream, or any async
   * iterable of chunks (a Node readable stream is one).
   */
  data: Blob | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;
  /** The file name, with its extension (the server infers the type from it). */
  filename: string;
}

/** What `files.upload` takes: a `File` (it has a name), or bytes or a stream with a name. */
export type UploadSource = File | NamedSource;

/** How much of an upload has been sent: bytes of the files, not of the form around them. */
export interface UploadProgress {
  loaded: number;
  /** Undefined when a source is a stream of unknown length. */
  total: number | undefined;
}

/** A source as a multipart part; `once` when it can be sent only once (a stream read as sent). */
export interface UploadPart {
  file: File;
  once: boolean;
}

/** What uploads take from the runtime they run in. */
export interface UploadSupport<Source> {
  /** The part for `source`, or an InvalidRequestError that says what is wrong with it. */
  part(source: Source, operation: OperationId): Promise<UploadPart>;
  /**
   * The parts, each reporting its bytes as they are read for sending; absent where the runtime's
   * fetch reads a Blob itself (then progress is told when the request starts and when it is done).
   */
  counted?(files: File[], report: (index: number, progress: UploadProgress) => void): File[];
  /** A fetch that sends a form as it reads it; absent where the runtime's own does. */
  fetch?: typeof fetch;
}

/** Uploads in any runtime: every source becomes a Blob, so every upload can be sent again. */
export const webUploads: UploadSupport<UploadSource> = {
  async part(source, operation) {
    const part = partOrStream(source, operation);
    if ("file" in part) return part;
    const bytes = await new Response(part.stream).blob();
    return { file: new File([bytes], part.filename), once: false };
  },
};

/**
 * A source as a part when it is in memory (a File, or bytes with a name), else as its stream and
 * name, for the runtime to hold or to send as it reads.
 */
export function partOrStream(
  source: UploadSource,
  operation: OperationId,
): UploadPart | { stream: ReadableStream<Uint8Array>; filename: string } {
  if (source instanceof File) return { file: source, once: false };
  const { data, filename } = named(source, operation);
  if (data instanceof Blob || data instanceof Uint8Array)
    return { file: new File([data as Blob | Uint8Array<ArrayBuffer>], filename), once: false };
  return { stream: asStream(data), filename };
}

/** The source's data and name, or an InvalidRequestError that says what a source must be. */
function named(source: unknown, operation: OperationId): NamedSource {
  const ok =
    !!source &&
    typeof source === "object" &&
    "filename" in source &&
    typeof source.filename === "string" &&
    source.filename !== "" &&
    "data" in source &&
    !!source.data;
  if (ok) return source as NamedSource;
  const message =
    typeof source === "string"
      ? `is the path ${JSON.stringify(source)}: uploading from a path needs Node's file system, so import { SeekrFlow } from "seekrflow-client/node", or pass a File, or { data, filename }`
      : "needs a file name and data: pass a File, or { data, filename } where data is a Blob, bytes or a stream";
  throw new InvalidRequestError(operation, [{ field: "source", rule: "file", message }]);
}

/** A web stream as is; any other async iterable as a web stream that reads a chunk when asked. */
function asStream(
  data: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>,
): ReadableStream<Uint8Array> {
  if (data instanceof ReadableStream) return data;
  const chunks = data[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
