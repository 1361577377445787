/**
 * `readRows`: the rows of a dataset file, Parquet (hyparquet, a row group at a time) or JSONL (a
 * line at a time), as plain objects whatever the columns, so that memory follows a row group or a
 * line, not the file. hyparquet is ESM only and loaded when a Parquet file is read: this entry
 * loads from CommonJS too.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { SeekrFlowError } from "../core/errors.js";

/** Where rows come from: a path, the bytes, a Blob, or a stream of bytes. */
export type DatasetSource =
  string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Options of `readRows`. */
export interface ReadRowsOptions {
  /** The most rows to read. @default every row */
  limit?: number | undefined;
  /** The name to give the source in errors (a path names itself). @default "the dataset" */
  name?: string | undefined;
}

/** A row: a value per column. */
export type DatasetRow = Record<string, unknown>;

/** A dataset file that cannot be read: not Parquet, cut short, or a JSONL line that is not JSON. */
export class DatasetError extends SeekrFlowError {
  override name = "DatasetError";
  /** The file (or the name given to the source). */
  readonly file: string;
  /** The JSONL line, counted from 1, when the error is on one. */
  readonly line: number | undefined;
  /** The byte offset in a Parquet file, when the error is at one. */
  readonly offset: number | undefined;

  constructor(
    file: string,
    message: string,
    at: { line?: number; offset?: number } = {},
    cause?: unknown,
  ) {
    super(`${file}: ${message}`, cause === undefined ? undefined : { cause });
    this.file = file;
    this.line = at.line;
    this.offset = at.offset;
  }
}

const MAGIC = "PAR1";

/** hyparquet's random access to the bytes: a byteLength and a slice. */
interface AsyncBuffer {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer> | ArrayBuffer;
}

async function fileBuffer(path: string): Promise<AsyncBuffer & { close(): Promise<void> }> {
  const handle = await open(path);
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start, end = size) {
      const bytes = new Uint8Array(end - start);
      await handle.read(bytes, 0, bytes.length, start);
      return bytes.buffer;
    },
    close: () => handle.close(),
  };
}

function bytesBuffer(bytes: Uint8Array): AsyncBuffer {
  return {
    byteLength: bytes.byteLength,
    slice: (start, end) => bytes.slice(start, end).buffer,
  };
}

async function* chunksOf(source: Exclude<DatasetSource, string | Uint8Array | ArrayBuffer>) {
  const stream = source instanceof Blob ? source.stream() : source;
  const iterable =
    "getReader" in stream
      ? Readable.fromWeb(stream as import("node:stream/web").ReadableStream)
      : stream;
  for await (const chunk of iterable as AsyncIterable<Uint8Array | string>)
    yield typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
}

/** Rows in batches: a Parquet row group, or the lines a chunk of JSONL completed. */
type Batches = AsyncGenerator<DatasetRow[], void, undefined>;

/** The rows of a JSONL text arriving as `chunks`, the lines of each chunk at a time. */
async function* jsonLines(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  file: string,
): Batches {
  const decoder = new TextDecoder();
  let pending = "";
  let line = 0;
  const parse = (text: string): DatasetRow | undefined => {
    line++;
    if (text.trim() === "") return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new DatasetError(
        file,
        `line ${line} is not JSON (${(error as Error).message}): is this a JSONL or Parquet file?`,
        { line },
        error,
      );
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new DatasetError(
        file,
        `line ${line} is not a JSON object: each line of a JSONL dataset is one row`,
        { line },
      );
    return value as DatasetRow;
  };
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop()!;
    yield lines.map(parse).filter((row) => row !== undefined);
  }
  const row = parse(pending + decoder.decode());
  if (row !== undefined) yield [row];
}

/** The rows of a Parquet file, a row group at a time. */
async function* parquetRows(file: AsyncBuffer, name: string): Batches {
  const { parquetMetadataAsync, parquetReadObjects } = await import("hyparquet");
  if (file.byteLength < 12)
    throw new DatasetError(
      name,
      `is ${file.byteLength} bytes: too short for Parquet (cut short?)`,
      { offset: file.byteLength },
    );
  const tail = new TextDecoder().decode(await file.slice(file.byteLength - 4));
  if (tail !== MAGIC)
    throw new DatasetError(
      name,
      `has no Parquet footer at offset ${file.byteLength - 4}: the file is cut short or not Parquet`,
      { offset: file.byteLength - 4 },
    );
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new DatasetError(
      name,
      `has a broken Parquet footer (${(error as Error).message})`,
      { offset: file.byteLength - 8 },
      error,
    );
  }
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const rows = await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end }).catch(
      (error: unknown) => {
        throw new DatasetError(
          name,
          `cannot read rows ${start}–${end} (${(error as Error).message})`,
          { offset: Number(group.columns[0]?.file_offset ?? 0) },
          error,
        );
      },
    );
    yield rows;
    start = end;
  }
}

/** Whether the first bytes are Parquet's magic. */
const isParquet = (first: Uint8Array) => new TextDecoder().decode(first.subarray(0, 4)) === MAGIC;

/** The batches of rows of `source`, whichever kind it is. */
async function* batchesOf(source: DatasetSource, name: string): Batches {
  if (typeof source === "string") {
    const found = await stat(source).catch((error: NodeJS.ErrnoException) => {
      throw new DatasetError(name, `cannot be read (${error.code ?? error.message})`, {}, error);
    });
    if (found.isDirectory())
      throw new DatasetError(name, "is a folder: name a Parquet or JSONL file");
    const file = await fileBuffer(source);
    try {
      const first = new Uint8Array(await file.slice(0, Math.min(4, file.byteLength)));
      if (isParquet(first)) yield* parquetRows(file, name);
      else if (/\.parquet$/i.test(source))
        throw new DatasetError(name, "is not Parquet: it does not start with PAR1 (offset 0)", {
          offset: 0,
        });
      else yield* jsonLines(createReadStream(source), name);
    } finally {
      await file.close();
    }
    return;
  }
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
    if (isParquet(bytes)) yield* parquetRows(bytesBuffer(bytes), name);
    else yield* jsonLines([bytes], name);
    return;
  }
  if (source instanceof Blob) {
    const first = new Uint8Array(await source.slice(0, 4).arrayBuffer());
    if (isParquet(first))
      yield* parquetRows(
        { byteLength: source.size, slice: (s, e) => source.slice(s, e).arrayBuffer() },
        name,
      );
    else yield* jsonLines(chunksOf(source), name);
    return;
  }
  // A stream: JSONL is read as it comes; Parquet needs its footer first, so it is gathered.
  const chunks = chunksOf(source)[Symbol.asyncIterator]();
  const head = await chunks.next();
  if (head.done) return;
  const rest = { [Symbol.asyncIterator]: () => chunks };
  if (!isParquet(head.value)) {
    yield* jsonLines(
      (async function* () {
        yield head.value;
        yield* rest;
      })(),
      name,
    );
    return;
  }
  const parts = [head.value];
  for await (const part of rest) parts.push(part);
  yield* parquetRows(bytesBuffer(new Uint8Array(await new Blob(parts).arrayBuffer())), name);
}

/**
 * The rows of a dataset file: Parquet or JSONL (told by its first bytes), from a path, bytes, a
 * Blob or a stream. Rows come one at a time, read a Parquet row group or a chunk of JSONL lines
 * at a time (memory follows those, not the file); a file that cannot be read rejects with a
 * `DatasetError` naming it and the line or offset. Stopping early (`limit`, `break`) closes it.
 */
export async function* readRows(
  source: DatasetSource,
  options: ReadRowsOptions = {},
): AsyncGenerator<DatasetRow> {
  const limit = options.limit ?? Infinity;
  const name = options.name ?? (typeof source === "string" ? source : "the dataset");
  if (!(limit >= 0)) throw new DatasetError(name, `limit must be 0 or more, not ${limit}`);
  if (limit === 0) return;
  let count = 0;
  for await (const batch of batchesOf(source, name))
    for (const row of batch) {
      yield row;
      if (++count >= limit) return;
    }
}
