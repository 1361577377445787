/**
 * `seekrflow files …`: upload, list, get, download, delete.
 */
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { enums } from "../generated/operations.js";
import { checkReadableFile } from "../node/uploads.js";
import type { FileObject, FilePurpose } from "../types.js";
import {
  type Command,
  type CommandContext,
  enumFlag,
  type Flag,
  numberFlag,
  textFlag,
} from "./command.mjs";
import { UsageError } from "./exit-codes.mjs";
import { row } from "./output.mjs";

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
  const ids = args.filter((arg) => /^file-[\w-]+$/.test(arg) && !existsSync(arg));
  return { paths: await localFiles(args.filter((arg) => !ids.includes(arg))), ids };
}

/**
 * The files the arguments name, each checked (exists, is a file, readable): a folder stands for
 * the files directly in it (not hidden ones), in name order.
 */
export async function localFiles(args: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    if (!(await stat(arg).catch(() => undefined))?.isDirectory()) {
      await checkReadableFile(arg, "uploadFile");
      files.push(arg);
      continue;
    }
    const entries = (await readdir(arg, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
      .map((entry) => path.join(arg, entry.name))
      .sort();
    if (entries.length === 0)
      throw new UsageError(`${row(arg)} is a folder with no files to upload`);
    for (const file of entries) await checkReadableFile(file, "uploadFile");
    files.push(...entries);
  }
  return files;
}

/**
 * Uploads the paths, four at a time, and reports each outcome as it comes; the files uploaded
 * are kept even when another fails. Resolves with them (in the order given) and the first error.
 */
export async function uploadEach(
  context: CommandContext,
  paths: string[],
  purpose: FilePurpose,
): Promise<{ uploaded: FileObject[]; error: unknown }> {
  const uploaded = new Map<string, string>();
  /** What is uploaded so far, and the command that uploads the rest. */
  const note = (): string => {
    const rest = paths.filter((p) => !uploaded.has(p));
    return (
      `${uploaded.size} of ${paths.length} files uploaded${uploaded.size ? ` (${[...uploaded.values()].join(", ")})` : ""}; ` +
      (rest.length
        ? `upload the rest with: seekrflow files upload ${quoted(rest)}`
        : "nothing is left to resume.")
    );
  };
  context.onInterrupt(note());
  const live = context.progress.isTTY === true;
  const outcomes = await context.flow().files.uploadAll(paths, {
    purpose,
    signal: context.signal,
    // On a terminal, a live line of bytes sent; in a pipe, a line per file.
    ...(live
      ? {
          onUploadProgress: ({ loaded, total }: { loaded: number; total: number | undefined }) => {
            if (total === undefined) return;
            const share = total ? loaded / total : 0;
            const filled = Math.round(share * 20);
            context.progress.write(
              `\ruploading ${"█".repeat(filled)}${"░".repeat(20 - filled)} ${String(Math.round(share * 100)).padStart(3)}%  ${megabytes(loaded)}/${megabytes(total)} MB`,
            );
          },
        }
      : {}),
    onProgress: ({ done, total, outcome }) => {
      const file = String(outcome.source);
      if (outcome.file) uploaded.set(file, outcome.file.id);
      if (live) context.progress.write("\r\x1b[K");
      context.say(
        outcome.file
          ? `[${done}/${total}] uploaded ${row(file)} as ${outcome.file.id}`
          : `[${done}/${total}] not uploaded: ${row(file)}: ${row((outcome.error as Error).message)}`,
      );
      context.onInterrupt(note());
    },
  });
  return {
    uploaded: outcomes.flatMap((o) => (o.file ? [o.file] : [])),
    error: outcomes.find((o) => o.error !== undefined)?.error,
  };
}

const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/** Arguments quoted for a command to copy into a shell. */
export const quoted = (args: string[]): string => args.map((a) => JSON.stringify(a)).join(" ");

/** Refuses to replace an existing file unless --force says so (exit 2). */
export function checkTarget(values: CommandContext["values"], target: string): void {
  if (existsSync(target) && values.force !== true)
    throw new UsageError(`${row(target)} exists: pass --force to replace it`);
}

const forceFlag: Flag = { type: "boolean", describe: "replace a file that is already there" };

/** The `files` commands, by their words. */
export const FILE_COMMANDS: Record<string, Command> = {
  "files upload": {
    usage: "seekrflow files upload PATH… [--purpose PURPOSE]",
    summary:
      "Upload files or the files of a folder, four at a time (purpose alignment unless told); every path is checked first.",
    examples: [
      "seekrflow files upload handbook.pdf benefits.md",
      "seekrflow files upload train.jsonl --purpose fine-tune --json",
    ],
    flags: { purpose: purposeFlag },
    positionals: [1, Infinity],
    async run(context) {
      const purpose = enumFlag(context.values, "purpose", enums.FilePurpose) ?? "alignment";
      const files = await localFiles(context.positionals);
      const { uploaded, error } = await uploadEach(context, files, purpose);
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
    flags: {
      output: { type: "string", value: "PATH", describe: "where to save it" },
      force: forceFlag,
    },
    positionals: [1, 1],
    async run(context) {
      const id = context.positionals[0]!;
      const target =
        textFlag(context.values, "output") ??
        path.basename(
          (await context.flow().files.get(id, { signal: context.signal })).filename ?? id,
        );
      checkTarget(context.values, target);
      context.onInterrupt(`Nothing was written to ${row(target)}: download it again.`);
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
