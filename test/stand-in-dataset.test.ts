/**
 * The dataset a completed stand-in job makes, row by row: a question and an answer per Markdown
 * section, a row per converted document, a row for a vector database alone; `context` only for
 * jobs grounded on context. And the Parquet file those rows become, read back with hyparquet.
 */
import { parquetReadObjects } from "hyparquet";
import * as writer from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { datasetRows, parquetOf } from "../src/testing/dataset.js";

const HANDBOOK = [
  "Text before any heading",
  "  spread over   two lines.",
  "# Leave ##",
  "",
  "Twenty-five days,\r",
  "booked ahead.",
  "## Empty",
  "   ",
  "###### Deep heading",
  "Six hashes still head a section.",
  "####### Seven do not",
  "#NoSpace is text too",
].join("\n");

describe("the stand-in's dataset rows", () => {
  it("ask about each Markdown section with text, quoting it, under the file's name first", () => {
    expect(
      datasetRows("principle_files", [{ filename: "handbook.md", markdown: HANDBOOK }]),
    ).toStrictEqual([
      {
        question: "What does handbook.md say about handbook.md?",
        answer: 'It says: "Text before any heading spread over two lines."',
        source: "handbook.md",
      },
      {
        question: "What does handbook.md say about Leave?",
        answer: 'It says: "Twenty-five days, booked ahead."',
        source: "handbook.md",
      },
      {
        question: "What does handbook.md say about Deep heading?",
        answer:
          'It says: "Six hashes still head a section. ####### Seven do not #NoSpace is text too"',
        source: "handbook.md",
      },
    ]);
  });

  it("say a document that is not Markdown was converted, and ground on context when asked", () => {
    expect(
      datasetRows("context_grounded_files", [
        { filename: "scan.pdf", markdown: undefined },
        { filename: "a.md", markdown: "# A\nalpha" },
      ]),
    ).toStrictEqual([
      {
        question: "What is in scan.pdf?",
        answer: "scan.pdf was converted to Markdown; its questions come from the converted text.",
        source: "scan.pdf",
        context: "scan.pdf",
      },
      {
        question: "What does a.md say about A?",
        answer: 'It says: "alpha"',
        source: "a.md",
        context: "alpha",
      },
    ]);
    expect(
      datasetRows("principle_files", [{ filename: "scan.pdf", markdown: undefined }]),
    ).toStrictEqual([
      {
        question: "What is in scan.pdf?",
        answer: "scan.pdf was converted to Markdown; its questions come from the converted text.",
        source: "scan.pdf",
      },
    ]);
  });

  it("come from the vector database only when no document gives one", () => {
    expect(datasetRows("context_grounded_vector_db", [], "vdb-1")).toStrictEqual([
      {
        question: "What does vector database vdb-1 hold?",
        answer: "The passages of vector database vdb-1.",
        source: "vdb-1",
        context: "vdb-1",
      },
    ]);
    expect(
      datasetRows("context_grounded_vector_db", [{ filename: "a.md", markdown: "alpha" }], "vdb-1"),
    ).toStrictEqual([
      {
        question: "What does a.md say about a.md?",
        answer: 'It says: "alpha"',
        source: "a.md",
        context: "alpha",
      },
    ]);
    expect(datasetRows("context_grounded_vector_db", [], null)).toStrictEqual([]);
    expect(
      datasetRows("principle_files", [{ filename: "e.md", markdown: "# Only\n\n" }]),
    ).toStrictEqual([]);
  });
});

describe("the stand-in's Parquet file", () => {
  const read = (bytes: Uint8Array) =>
    parquetReadObjects({
      file: bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer,
    });

  it("has a string column per field, context only when a row has one", async () => {
    const plain = datasetRows("principle_files", [{ filename: "a.md", markdown: "# A\nalpha" }]);
    expect(await read(parquetOf(writer, plain))).toStrictEqual([
      { question: "What does a.md say about A?", answer: 'It says: "alpha"', source: "a.md" },
    ]);
    const grounded = datasetRows("context_grounded_files", [
      { filename: "a.md", markdown: "# A\nalpha" },
    ]);
    expect(await read(parquetOf(writer, [...plain, ...grounded]))).toStrictEqual([
      {
        question: "What does a.md say about A?",
        answer: 'It says: "alpha"',
        source: "a.md",
        context: null,
      },
      {
        question: "What does a.md say about A?",
        answer: 'It says: "alpha"',
        source: "a.md",
        context: "alpha",
      },
    ]);
  });
});
