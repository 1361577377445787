/**
 * `seekrflow datasets preview`: what is inside a dataset, without Python. A file id is downloaded
 * to a temporary file (removed afterwards); a path is read where it is. Parquet and JSONL, through
 * `readRows` (seekrflow-client/datasets), a row at a time: the count and the columns, then the
 * first rows as a table fitted to the terminal, or as JSON.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readRows, type DatasetRow } from "../datasets/read-rows.js";
import type { CommandContext, Workflow } from "./command.mjs";
import { escapeControls } from "./output.mjs";

/** A row as JSON takes it: a BigInt a number when it fits, else its digits. */
export function jsonRow(row: DatasetRow): DatasetRow {
  return JSON.parse(
    JSON.stringify(row, (_key, value: unknown) =>
      typeof value === "bigint"
        ? Number.isSafeInteger(Number(value))
          ? Number(value)
          : value.toString()
        : value,
    ),
  ) as DatasetRow;
}

/** A cell's lines: `messages` as `role: content` lines, anything else as one line of text. */
function cellLines(value: unknown): string[] {
  if (
    Array.isArray(value) &&
    value.every((m) => typeof m === "object" && m !== null && "role" in m && "content" in m)
  )
    return value.map(
      (m: { role: unknown; content: unknown }) =>
        `${escapeControls(m.role)}: ${escapeControls(m.content)}`,
    );
  if (value === null || value === undefined) return [""];
  if (typeof value === "object") return [escapeControls(JSON.stringify(jsonRow({ value }).value))];
  return [escapeControls(value)];
}

/** `text` cut to `width` characters, the cut shown as "…". */
const fit = (text: string, width: number): string => {
  const chars = [...text];
  return chars.length <= width
    ? text.padEnd(width + text.length - chars.length)
    : `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
};

/** The rows as a table `width` characters wide at most: a header, then each row's lines. */
export function rowsTable(
  columns: readonly string[],
  rows: readonly DatasetRow[],
  width: number,
): string {
  const cells = rows.map((row) => columns.map((column) => cellLines(row[column])));
  const natural = columns.map((column, i) =>
    Math.max([...column].length, ...cells.flatMap((r) => r[i]!.map((line) => [...line].length))),
  );
  // Columns narrower than a fair share of the room keep their width; the others share the rest.
  const widths = [...natural];
  let open = columns.map((_, i) => i);
  let room = Math.max(4 * columns.length, width - 2 * (columns.length - 1));
  while (open.length > 0) {
    const fair = Math.max(4, Math.floor(room / open.length));
    const narrow = open.filter((i) => natural[i]! <= fair);
    if (narrow.length === 0) {
      for (const i of open) widths[i] = fair;
      break;
    }
    for (const i of narrow) room -= natural[i]!;
    open = open.filter((i) => !narrow.includes(i));
  }
  const line = (parts: string[]) =>
    parts
      .map((part, i) => fit(part, widths[i]!))
      .join("  ")
      .trimEnd();
  const out = [line(columns.map((c) => c.toUpperCase()))];
  for (const row of cells) {
    const height = Math.max(...row.map((lines) => lines.length));
    for (let k = 0; k < height; k++) out.push(line(row.map((lines) => lines[k] ?? "")));
  }
  return out.join("\n");
}

/** Reads the source: the count, the columns, and the first `shown` rows. */
async function preview(source: string, shown: number, name: string) {
  const rows: DatasetRow[] = [];
  const columns = new Set<string>();
  let count = 0;
  for await (const row of readRows(source, { name })) {
    count++;
    for (const key of Object.keys(row)) columns.add(key);
    if (rows.length < shown) rows.push(row);
  }
  return { count, columns: [...columns], rows };
}

/** `seekrflow datasets preview <file-id | path>`. */
export const datasetsPreview: Workflow = {
  summary: "Show what a dataset holds: its row count and columns, then its first rows.",
  description:
    "A file id (file-…) is downloaded to a temporary file, removed afterwards; a path is read where it is. Parquet and JSONL; `messages` arrays show as `role: content` lines.",
  arguments: [{ name: "source", describe: "a file id (file-…), or a local Parquet or JSONL file" }],
  flags: {
    rows: {
      type: "integer",
      value: "N",
      minimum: 1,
      maximum: 10_000,
      describe: "how many rows to show (default 5)",
    },
  },
  examples: [
    ["datasets", "preview", "acme-handbook-qa.parquet"],
    ["datasets", "preview", "file-b41e7c09-5d2a-4e8f-9c63-1a7f0d2e8b55", "--rows", "3", "--json"],
  ],
  async run(context: CommandContext) {
    const source = String(context.args.source);
    const shown = (context.values.rows as number | undefined) ?? 5;
    const byId =
      /^file-[\w-]+$/.test(source) &&
      !(await import("node:fs")).existsSync(context.localPath(source));
    let folder: string | undefined;
    try {
      let local = context.localPath(source);
      if (byId) {
        folder = await mkdtemp(path.join(tmpdir(), "seekrflow-preview-"));
        const meta = await context.flow().files.get(source, { signal: context.signal });
        local = path.join(
          folder,
          "dataset" + path.extname(meta.filename ?? "").replace(/[^\w.]/g, ""),
        );
        await context.flow().files.download(source, local, { signal: context.signal });
      }
      const { count, columns, rows } = await preview(local, shown, source);
      const width = (context.stdout as { columns?: number }).columns ?? 100;
      context.result(rows.map(jsonRow), () =>
        [
          `${count} row${count === 1 ? "" : "s"}; columns: ${columns.map(escapeControls).join(", ")}`,
          rowsTable(columns, rows, width),
          ...(count > rows.length ? [`(${count - rows.length} more: --rows N shows more)`] : []),
        ].join("\n"),
      );
    } finally {
      if (folder) await rm(folder, { recursive: true, force: true });
    }
  },
};
