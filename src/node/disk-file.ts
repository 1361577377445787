/**
 * Files that stay on disk until they are sent, and files that count what is read of them: the
 * multipart encoders (fetch's and ./stream-fetch.ts) call `stream()` on each part, so a part can
 * be read lazily, in order, as often as a retry needs.
 */
import { open } from "node:fs/promises";

const CHUNK = 64 * 1024;

/** A file on disk as a `File`: nothing is read until `stream()` is, and each call reads anew. */
export class DiskFile extends File {
  readonly #path: string;

  /** @internal Made by `toFile` after checking the path. */
  constructor(path: string, size: number, name: string) {
    super([], name);
    this.#path = path;
    withSize(this, size);
  }

  /** The file's bytes, read from disk only as fast as the reader asks for them. */
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const path = this.#path;
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    return new ReadableStream(
      {
        async pull(controller) {
          handle ??= await open(path);
          const buffer = new Uint8Array(CHUNK);
          const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
          if (bytesRead > 0) controller.enqueue(buffer.subarray(0, bytesRead));
          else {
            await handle.close();
            controller.close();
          }
        },
        async cancel() {
          await handle?.close();
        },
      },
      { highWaterMark: 0 },
    );
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return new Response(this.stream()).arrayBuffer();
  }

  override async text(): Promise<string> {
    return new Response(this.stream()).text();
  }
}

/**
 * A stream as a `File` of unknown size (`size` is undefined, so a form of it goes chunked). A
 * stream can be read once: an upload of it is not retried.
 */
export class StreamFile extends File {
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;

  /** @internal Made by `toFile` for stream sources. */
  constructor(stream: ReadableStream<Uint8Array<ArrayBuffer>>, name: string) {
    super([], name);
    this.#stream = stream;
    withSize(this, undefined);
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const stream = this.#stream;
    if (!stream)
      throw new Error(
        `${this.name} came from a stream, which can be sent once: pass a path or bytes to send it again`,
      );
    this.#stream = undefined;
    return stream;
  }
}

/** A `File` that reports each chunk read of it to `onRead`; each new read starts from 0. */
export class CountingFile extends File {
  readonly #inner: Blob;
  readonly #onRead: (read: number) => void;

  /** @internal Made by `files.upload` for `onUploadProgress`. */
  constructor(inner: File, onRead: (read: number) => void) {
    super([], inner.name, { type: inner.type });
    this.#inner = inner;
    this.#onRead = onRead;
    withSize(this, inner.size);
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    let read = 0;
    const onRead = this.#onRead;
    onRead(0);
    return (this.#inner.stream() as ReadableStream<Uint8Array<ArrayBuffer>>).pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          read += chunk.byteLength;
          onRead(read);
          controller.enqueue(chunk);
        },
      }),
    );
  }
}

/**
 * Gives an empty-bodied File the size of what its `stream()` yields (Blob's is read-only);
 * undefined when it is not known.
 */
function withSize(file: File, size: number | undefined): void {
  Object.defineProperty(file, "size", { value: size, enumerable: true });
}
