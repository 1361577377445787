/**
 * The dataset a completed stand-in job produces: a real Parquet file (hyparquet-writer) whose
 * rows come from the job's documents, deterministic from their text. For Markdown, a question
 * and an answer per section, the answer quoting the section; for any other document, a row saying
 * it was converted; for a job grounded on a vector database, a row saying so. Its columns are an
 * assumption (SeekrFlow publishes "a QA pair Parquet file", not its columns): `question`,
 * `answer`, `source`, and `context` for context-grounded jobs.
 */
import type { DataJobType } from "../types.js";

/** One document of a job: its name, and its text when it is Markdown. */
export interface SourceDocument {
  filename: string;
  markdown: string | undefined;
}

/** A row of the dataset. */
export interface DatasetRow {
  question: string;
  answer: string;
  source: string;
  context?: string;
}

/** The sections of a Markdown text: each heading with the text under it (text before any heading under the file's name). */
function sections(markdown: string, filename: string): { title: string; body: string }[] {
  const found: { title: string; body: string[] }[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) found.push({ title: heading[1]!, body: [] });
    else (found.at(-1) ?? found[found.push({ title: filename, body: [] }) - 1]!).body.push(line);
  }
  return found
    .map(({ title, body }) => ({ title, body: body.join(" ").replace(/\s+/g, " ").trim() }))
    .filter((section) => section.body !== "");
}

/** The rows a job of `type` makes from `documents` (or from its vector database). */
export function datasetRows(
  type: DataJobType | string,
  documents: readonly SourceDocument[],
  vectorDatabaseId?: string | null,
): DatasetRow[] {
  const grounded = type !== "principle_files";
  const rows: DatasetRow[] = [];
  for (const { filename, markdown } of documents) {
    if (markdown === undefined) {
      rows.push({
        question: `What is in ${filename}?`,
        answer: `${filename} was converted to Markdown; its questions come from the converted text.`,
        source: filename,
        ...(grounded ? { context: filename } : {}),
      });
      continue;
    }
    for (const { title, body } of sections(markdown, filename))
      rows.push({
        question: `What does ${filename} say about ${title}?`,
        answer: `It says: "${body}"`,
        source: filename,
        ...(grounded ? { context: body } : {}),
      });
  }
  if (rows.length === 0 && vectorDatabaseId)
    rows.push({
      question: `What does vector database ${vectorDatabaseId} hold?`,
      answer: `The passages of vector database ${vectorDatabaseId}.`,
      source: vectorDatabaseId,
      context: vectorDatabaseId,
    });
  return rows;
}

/**
 * What the stand-in uses of hyparquet-writer, loaded once by `startStandIn` (it is ESM only:
 * imported, never required). Said here rather than taken from its types, which need TypeScript
 * 5.7: the stand-in's declarations type-check on 5.0.
 */
export interface ParquetWriter {
  parquetWriteBuffer(options: {
    columnData: { name: string; data: (string | null)[]; type: "STRING" }[];
  }): ArrayBuffer;
}

/** `rows` as the bytes of a Parquet file, one string column per field. */
export function parquetOf(writer: ParquetWriter, rows: readonly DatasetRow[]): Uint8Array {
  const columns = ["question", "answer", "source", ...(rows.some((r) => r.context !== undefined) ? ["context"] : [])] as const;
  const buffer = writer.parquetWriteBuffer({
    columnData: columns.map((name) => ({
      name,
      data: rows.map((row) => row[name as keyof DatasetRow] ?? null),
      type: "STRING" as const,
    })),
  });
  return new Uint8Array(buffer);
}
