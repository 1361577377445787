/**
 * `seekrflow files …`: upload, list, get, download, delete.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { enums } from "../generated/operations.js";
import { checkReadableFile } from "../node/upload-source.js";
import type { FileObject, FilePurpose } from "../types.js";
import {
  type Command,
  type CommandContext,
  enumFlag,
  type Flag,
  numberFlag,
  textFlag,
} from "./command.js";
import { row } from "./output.js";

const purposeFlag: Flag = {
  type: "string",
  value: "PURPOSE",
  describe: "what the files are for",
  values: enums.FilePurpose,
};
const limitFlag: Flag = { type: "string", value: "N", describe: "items per page" };
const allFlag: Flag = { type: "boolean", describe: "every page, not just the first" };

/** One line for a file. */
export const fileLine = (f: FileObject): string =>
  row(f.id, f.purpose ?? "", `${f.bytes ?? "?"} bytes`, f.filename ?? "");

/** One page, or with --all every item of every page. */
export async function collect<T>(
  request: PromiseLike<{ data?: T[] | null }> & AsyncIterable<T>,
  all: unknown,
): Promise<T[]> {
  if (!all) return (await request).data ?? [];
  const items: T[] = [];
  for await (const item of request) items.push(item);
  return items;
}

/** `--limit` as the list operations take it. */
export const limitOf = (values: CommandContext["values"]) =>
  numberFlag(values, "limit", { min: 1, max: 100_000, unit: "items" });

/**
 * Which arguments are uploaded file ids (`file-…` that is no local file) and which are local
 * paths; each path is checked (exists, is a file, readable) before anything is sent.
 */
export async function splitPaths(args: string[]): Promise<{ paths: string[]; ids: string[] }> {
  const paths: string[] = [];
  const ids: string[] = [];
  for (const arg of args) {
    if (/^file-[\w-]+$/.test(arg) && !existsSync(arg)) ids.push(arg);
    else {
      await checkReadableFile(arg, "addDataJobFiles");
      paths.push(arg);
    }
  }
  return { paths, ids };
}

/**
 * Uploads each path in turn and reports each outcome; the ones uploaded are kept even when another
 * fails. Resolves with the files uploaded and the first error, if any.
 */
export async function uploadEach(
  context: CommandContext,
  paths: string[],
  purpose: FilePurpose,
): Promise<{ uploaded: FileObject[]; error: unknown }> {
  const uploaded: FileObject[] = [];
  let error: unknown;
  for (const [i, file] of paths.entries()) {
    if (context.signal.aborted) break;
    try {
      const done = await context.flow().files.upload(file, { purpose, signal: context.signal });
      uploaded.push(done);
      context.say(`uploaded ${row(file)} as ${done.id}`);
    } catch (caught) {
      error ??= caught;
      context.say(`not uploaded: ${row(file)}: ${row((caught as Error).message)}`);
    }
    context.onInterrupt(
      `${uploaded.length} of ${paths.length} files uploaded (${uploaded.map((f) => f.id).join(", ") || "none"}); ` +
        (i + 1 < paths.length
          ? `the rest were not: seekrflow files upload ${paths
              .slice(i + 1)
              .map((p) => JSON.stringify(p))
              .join(" ")}`
          : "nothing is left to resume."),
    );
  }
  return { uploaded, error };
}

/** The `files` commands, by their words. */
export const FILE_COMMANDS: Record<string, Command> = {
  "files upload": {
    usage: "seekrflow files upload PATH… [--purpose PURPOSE]",
    summary: "Upload files (purpose alignment unless told); every path is checked first.",
    examples: [
      "seekrflow files upload handbook.pdf benefits.md",
      "seekrflow files upload train.jsonl --purpose fine-tune --json",
    ],
    flags: { purpose: purposeFlag },
    positionals: [1, Infinity],
    async run(context) {
      const purpose = enumFlag(context.values, "purpose", enums.FilePurpose) ?? "alignment";
      for (const file of context.positionals) await checkReadableFile(file, "uploadFile");
      const { uploaded, error } = await uploadEach(context, context.positionals, purpose);
      context.result(uploaded, () => uploaded.map(fileLine).join("\n"));
      if (error) throw error;
    },
  },
  "files list": {
    usage: "seekrflow files list [--purpose PURPOSE] [--limit N] [--all]",
    summary: "List files: one page, or every page with --all.",
    examples: ["seekrflow files list --purpose alignment --all"],
    flags: { purpose: purposeFlag, limit: limitFlag, all: allFlag },
    async run(context) {
      const purpose = enumFlag(context.values, "purpose", enums.FilePurpose);
      const limit = limitOf(context.values);
      const files = await collect(
        context
          .flow()
          .files.list(
            { ...(purpose ? { purpose } : {}), ...(limit ? { limit } : {}) },
            { signal: context.signal },
          ),
        context.values.all,
      );
      context.result(files, () => files.map(fileLine).join("\n") || "no files");
    },
  },
  "files get": {
    usage: "seekrflow files get ID",
    summary: "Show a file's metadata.",
    examples: ["seekrflow files get file-abc --json"],
    positionals: [1, 1],
    async run(context) {
      const file = await context
        .flow()
        .files.get(context.positionals[0]!, { signal: context.signal });
      context.result(file, () => fileLine(file));
    },
  },
  "files download": {
    usage: "seekrflow files download ID [--output PATH]",
    summary: "Save a file's content (default: its file name in the current folder).",
    examples: ["seekrflow files download file-abc --output dataset.parquet"],
    flags: { output: { type: "string", value: "PATH", describe: "where to save it" } },
    positionals: [1, 1],
    async run(context) {
      const id = context.positionals[0]!;
      const target =
        textFlag(context.values, "output") ??
        path.basename(
          (await context.flow().files.get(id, { signal: context.signal })).filename ?? id,
        );
      context.onInterrupt(`${row(target)} may be incomplete: download it again.`);
      const bytes = await context.flow().files.download(id, target, { signal: context.signal });
      context.result({ id, path: target, bytes }, () => `saved ${row(target)} (${bytes} bytes)`);
    },
  },
  "files delete": {
    usage: "seekrflow files delete ID",
    summary: "Delete a file.",
    examples: ["seekrflow files delete file-abc"],
    positionals: [1, 1],
    async run(context) {
      const result = await context
        .flow()
        .files.delete(context.positionals[0]!, { signal: context.signal });
      context.result(result, () => `deleted ${row(result.id)}`);
    },
  },
};
