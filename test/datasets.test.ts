/**
 * The dataset made visible: the stand-in's dataset is real Parquet made from the documents (read
 * back by hyparquet on its own), `readRows` reads it and JSONL from every kind of source, broken
 * files name where they broke, and `seekrflow datasets preview` and `demo` show the rows.
 */
import { createReadStream } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetReadObjects } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { beforeAll, describe, expect, it } from "vitest";
import { DatasetError, readRows } from "../src/datasets/index.js";
import { SeekrFlow } from "../src/node/index.js";
import { rowsTable } from "../src/cli/datasets.mjs";
import type { DatasetRow } from "../src/datasets/index.js";
import { runMain } from "./support/cli-in-process.js";
import { useStandIn, useTempDir } from "./support/set-up.js";

const KEY = "sk-datasets-123456";
const server = useStandIn({ apiKey: KEY, clock: "manual" });
const dir = useTempDir("seekrflow-datasets-");
let flow: SeekrFlow;
beforeAll(() => {
  flow = new SeekrFlow({ apiKey: KEY, baseUrl: server.url, logger: () => {} });
});

/** Runs a job of `type` over `files` to completion; its dataset's id and bytes. */
async function datasetOf(
  type: "principle_files" | "context_grounded_files",
  files: Record<string, string>,
) {
  const uploaded = await Promise.all(
    Object.entries(files).map(([name, text]) =>
      flow.files.upload({ filename: name, data: new Blob([text]) }, { purpose: "alignment" }),
    ),
  );
  const job = await flow.dataJobs.create({ name: `Set ${type}`, job_type: type });
  await flow.dataJobs.addFiles(job.id, { file_ids: uploaded.map((f) => f.id) });
  server.settle(job.id, "ready_to_start");
  await flow.dataJobs.start(job.id);
  server.settle(job.id, "completed");
  const output = (await flow.dataJobs.outputs(job.id)).find((o) => o.purpose === "fine-tune")!;
  const bytes = await new Response(await flow.files.content(output.id)).arrayBuffer();
  return { id: output.id, bytes };
}

const HANDBOOK =
  "# Handbook\n\n## Leave\nStaff get 25 days.\n\n## Hours\nCore hours are 10 to 4.\n";

describe("the stand-in's dataset", () => {
  it("is Parquet that hyparquet reads on its own, a question and an answer per Markdown section", async () => {
    const { bytes } = await datasetOf("principle_files", {
      "handbook.md": HANDBOOK,
      "scan.pdf": "%PDF-1.4",
    });
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe("PAR1");
    const rows = await parquetReadObjects({ file: bytes });
    expect(rows).toEqual([
      {
        question: "What does handbook.md say about Leave?",
        answer: 'It says: "Staff get 25 days."',
        source: "handbook.md",
      },
      {
        question: "What does handbook.md say about Hours?",
        answer: 'It says: "Core hours are 10 to 4."',
        source: "handbook.md",
      },
      {
        question: "What is in scan.pdf?",
        answer: expect.stringContaining("scan.pdf was converted"),
        source: "scan.pdf",
      },
    ]);
    expect(server.problems).toEqual([]);
  });

  it("grounds a context-grounded job's rows in their section", async () => {
    const { bytes } = await datasetOf("context_grounded_files", { "handbook.md": HANDBOOK });
    const rows = await parquetReadObjects({ file: bytes });
    expect(rows[0]).toMatchObject({ context: "Staff get 25 days.", source: "handbook.md" });
  });
});

describe("readRows", () => {
  it("reads the same rows from a path, bytes, a Blob and streams, and stops at limit", async () => {
    const { bytes } = await datasetOf("principle_files", { "handbook.md": HANDBOOK });
    const file = path.join(dir, "set.parquet");
    await writeFile(file, new Uint8Array(bytes));
    const expected = await parquetReadObjects({ file: bytes });
    const all = async (source: Parameters<typeof readRows>[0], limit?: number) => {
      const rows = [];
      for await (const row of readRows(source, { limit })) rows.push(row);
      return rows;
    };
    expect(await all(file)).toEqual(expected);
    expect(await all(new Uint8Array(bytes))).toEqual(expected);
    expect(await all(bytes)).toEqual(expected);
    expect(await all(new Blob([bytes]))).toEqual(expected);
    expect(await all(new Blob([bytes]).stream())).toEqual(expected);
    expect(await all(createReadStream(file))).toEqual(expected);
    expect(await all(file, 1)).toEqual(expected.slice(0, 1));
    expect(await all(file, 0)).toEqual([]);
    await expect(all(file, -1)).rejects.toThrow("limit must be 0 or more, not -1");
  });

  it("reads a Parquet file a row group at a time, every row in order", async () => {
    const n = 2500;
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: "i", data: Array.from({ length: n }, (_, i) => i), type: "INT32" },
        { name: "text", data: Array.from({ length: n }, (_, i) => `row ${i}`), type: "STRING" },
      ],
      rowGroupSize: 1000,
    });
    const seen: number[] = [];
    for await (const row of readRows(new Uint8Array(buffer))) seen.push(row.i as number);
    expect(seen).toEqual(Array.from({ length: n }, (_, i) => i));
    const some: unknown[] = [];
    for await (const row of readRows(new Uint8Array(buffer), { limit: 1001 })) some.push(row.text);
    expect(some.length).toBe(1001);
    expect(some.at(-1)).toBe("row 1000");
  });

  it("reads JSONL a line at a time, skipping blank lines, from a path and a stream", async () => {
    const lines = [
      {
        messages: [
          { role: "user", content: "Leave?" },
          { role: "assistant", content: "25 days." },
        ],
      },
      {
        messages: [
          { role: "user", content: "Hours?" },
          { role: "assistant", content: "10 to 4." },
        ],
      },
    ];
    const file = path.join(dir, "fine-tune.jsonl");
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join("\n\n") + "\n");
    const rows = [];
    for await (const row of readRows(file)) rows.push(row);
    expect(rows).toEqual(lines);
    const streamed = [];
    for await (const row of readRows(createReadStream(file, { highWaterMark: 7 })))
      streamed.push(row);
    expect(streamed).toEqual(lines);
  });

  it("names the file and the line or offset of a file it cannot read", async () => {
    const { bytes } = await datasetOf("principle_files", { "handbook.md": HANDBOOK });
    const cases: [string, string | Uint8Array, RegExp, { line?: number; offset?: number }][] = [
      [
        "cut.parquet",
        new Uint8Array(bytes).slice(0, bytes.byteLength - 10),
        /cut\.parquet: has no Parquet footer at offset \d+/,
        { offset: bytes.byteLength - 14 },
      ],
      ["text.parquet", "question,answer\n", /text\.parquet: is not Parquet/, { offset: 0 }],
      ["broken.jsonl", '{"a":1}\n{"a":\n', /broken\.jsonl: line 2 is not JSON/, { line: 2 }],
      ["array.jsonl", "[1,2]\n", /array\.jsonl: line 1 is not a JSON object/, { line: 1 }],
    ];
    for (const [name, content, message, at] of cases) {
      const file = path.join(dir, name);
      await writeFile(file, content);
      const error = await (async () => {
        for await (const _ of readRows(file));
      })().catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(DatasetError);
      expect((error as DatasetError).message, name).toMatch(message);
      expect((error as DatasetError).file).toBe(file);
      expect(error, name).toMatchObject(at);
    }
  });
});

/** Runs `seekrflow args…` in process against the stand-in, `columns` wide. */
const cli = (args: string[], columns = 80) =>
  runMain(args, { env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url }, columns });

describe("seekrflow datasets preview", () => {
  it("shows the count, the columns and the first rows of a Parquet file, by path and by file id", async () => {
    const { id, bytes } = await datasetOf("principle_files", { "handbook.md": HANDBOOK });
    const file = path.join(dir, "preview.parquet");
    await writeFile(file, new Uint8Array(bytes));
    const byPath = await cli(["datasets", "preview", file, "--rows", "1"], 120);
    expect(byPath.code, byPath.stderr).toBe(0);
    const lines = byPath.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("2 rows; columns: question, answer, source");
    expect(lines[1]).toMatch(/^QUESTION\s+ANSWER\s+SOURCE$/);
    expect(lines[2]).toMatch(
      /^What does handbook.md say about Leave\?\s+It says: "Staff get 25 days\."\s+handbook\.md$/,
    );
    expect(lines[3]).toBe("(1 more: --rows N shows more)");
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(120);
    const temporaries = async () =>
      (await readdir(tmpdir())).filter((f) => f.startsWith("seekrflow-preview-"));
    const before = await temporaries();
    const byId = await cli(["datasets", "preview", id, "--json"]);
    expect(byId.code, byId.stderr).toBe(0);
    expect(JSON.parse(byId.stdout)).toEqual(await parquetReadObjects({ file: bytes }));
    expect(await temporaries()).toEqual(before);
  });

  it("fits long cells to the terminal with …, and shows messages as role: content lines", async () => {
    const file = path.join(dir, "chat.jsonl");
    const long = "word ".repeat(60).trim();
    await writeFile(
      file,
      JSON.stringify({
        id: 1,
        messages: [
          { role: "user", content: "Leave?" },
          { role: "assistant", content: long },
        ],
      }) + "\n",
    );
    const ran = await cli(["datasets", "preview", file]);
    expect(ran.code, ran.stderr).toBe(0);
    const lines = ran.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("1 row; columns: id, messages");
    expect(lines[2]).toMatch(/^1\s+user: Leave\?$/);
    expect(lines[3]).toMatch(/^\s+assistant: word word .*…$/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it("fails with exit 2 on a file it cannot read, naming it and the line", async () => {
    const file = path.join(dir, "bad.jsonl");
    await writeFile(file, '{"a":1}\nnot json\n');
    const ran = await cli(["datasets", "preview", file]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`${file}: line 2 is not JSON`);
    expect(ran.stderr).toContain("Nothing was sent.");
  });
});

describe("seekrflow demo", () => {
  it("saves the dataset it made, never over a file, and shows three of its rows on stdout", async () => {
    const out = path.join(dir, "demo-out");
    const first = await cli(["demo", "--speed", "200", "--output", out]);
    expect(first.code, first.stderr).toBe(0);
    const saved = path.join(out, "acme-handbook-qa.parquet");
    expect(first.stderr).toContain(`saved the dataset to ${saved}`);
    const rows = await parquetReadObjects({ file: new Uint8Array(await readFile(saved)).buffer });
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.map((r) => r.source)).toEqual(
      expect.arrayContaining(["handbook.md", "benefits.md"]),
    );
    expect(first.stdout).toContain(`dataset: ${saved}; its first 3 rows:`);
    for (const row of rows.slice(0, 3))
      expect(first.stdout).toContain(String(row.question).slice(0, 30));
    const second = await cli(["demo", "--speed", "200", "--output", out, "--json"]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).dataset).toMatchObject({
      path: path.join(out, "acme-handbook-qa-2.parquet"),
      rows: rows.slice(0, 3),
    });
    expect((await readdir(out)).sort()).toEqual([
      "acme-handbook-qa-2.parquet",
      "acme-handbook-qa.parquet",
    ]);
  });
});

describe("rowsTable", () => {
  const rows = [
    {
      question: "What is the leave policy for new hires?",
      answer: "25 days a year.",
      messages: [
        { role: "user", content: "Hi\nthere" },
        { role: "assistant", content: "Hello" },
      ],
      meta: { n: 1 },
      none: null,
    },
    {
      question: "Short?",
      answer: "😀😀 yes",
      messages: [{ role: "user" }],
      meta: [1, 2],
      none: undefined,
    },
  ] as unknown as DatasetRow[];
  const columns = ["question", "answer", "messages", "meta", "none"];
  const table = (width: number) => rowsTable(columns, rows, width).split("\n");

  it("gives each column its widest line when there is room, messages a line each", () => {
    expect(table(200)).toEqual([
      "QUESTION                                 ANSWER           MESSAGES           META     NONE",
      'What is the leave policy for new hires?  25 days a year.  user: Hi\\nthere    {"n":1}',
      "                                                          assistant: Hello",
      'Short?                                   😀😀 yes           [{"role":"user"}]  [1,2]',
    ]);
  });

  it("shares the room between the wide columns, cutting with …, and keeps four at least", () => {
    expect(table(60)).toEqual([
      "QUESTION       ANSWER         MESSAGES       META     NONE",
      'What is the …  25 days a ye…  user: Hi\\nth…  {"n":1}',
      "                              assistant: H…",
      'Short?         😀😀 yes         [{"role":"us…  [1,2]',
    ]);
    expect(table(20)).toEqual([
      "QUE…  ANS…  MES…  META  NONE",
      'Wha…  25 …  use…  {"n…',
      "            ass…",
      'Sho…  😀😀 …  [{"…  [1,…',
    ]);
  });
});
