/**
 * The files workflows on top of the operations' commands: `upload` of files and folders, four
 * at a time; `upload-bulk` in one request; `download` to a path or stdout, its target checked
 * first. Plus what the data jobs workflows share: paths checked before anything is sent, file
 * ids checked before a job is made, uploads reported as they go.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { checkReadableFile } from "../node/uploads.js";
import type { FileObject, FilePurpose } from "../types.js";
import type { CommandContext, Workflow } from "./command.mjs";
import { UsageError } from "./exit-codes.mjs";
import { itemsTable, row, shellCommand } from "./output.mjs";
import type { ProgressStream } from "./progress.mjs";

/**
 * Which arguments are uploaded file ids (`file-…` that is no local file) and which are local
 * paths; each path is checked (exists, is a file or folder, readable) before anything is sent.
 */
export async function splitPaths(args: string[]): Promise<{ paths: string[]; ids: string[] }> {
  const ids = args.filter((arg) => /^file-[\w-]+$/.test(arg) && !existsSync(arg));
  return { paths: await localFiles(args.filter((arg) => !ids.includes(arg))), ids };
}

/** Gets each file id, so that an unknown one fails (exit 3) before anything is made. */
export async function checkFileIds(context: CommandContext, ids: string[]): Promise<void> {
  for (const id of ids) await context.flow().files.get(id, { signal: context.signal });
}

/**
 * The files the arguments name, each checked (exists, is a file, readable): a folder stands for
 * the files directly in it (not hidden ones), in name order.
 */
async function localFiles(args: string[]): Promise<string[]> {
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

const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/** A byte progress bar on a terminal (nothing elsewhere): `verb` as in "uploading". */
function byteBar(
  stream: ProgressStream,
  verb: string,
): ((progress: { loaded: number; total: number | undefined }) => void) | undefined {
  if (stream.isTTY !== true) return undefined;
  return ({ loaded, total }) => {
    if (total === undefined) return void stream.write(`\r${verb} ${megabytes(loaded)} MB`);
    const share = total ? loaded / total : 0;
    const filled = Math.round(share * 20);
    stream.write(
      `\r${verb} ${"█".repeat(filled)}${"░".repeat(20 - filled)} ${String(Math.round(share * 100)).padStart(3)}%  ${megabytes(loaded)}/${megabytes(total)} MB`,
    );
  };
}

/**
 * Uploads the paths, four at a time, and reports each outcome as it comes; the files uploaded
 * are kept even when another fails. Resolves with them (in the order given), the paths not
 * uploaded, and the first error.
 */
export async function uploadEach(
  context: CommandContext,
  paths: string[],
  purpose: FilePurpose,
): Promise<{ uploaded: FileObject[]; rest: string[]; error: unknown }> {
  const uploaded = new Map<string, string>();
  const note = (): void => {
    const rest = paths.filter((p) => !uploaded.has(p));
    if (uploaded.size > 0)
      context.leftBehind(
        `${uploaded.size} of ${paths.length} files uploaded (${[...uploaded.values()].join(", ")}).`,
      );
    if (rest.length > 0)
      context.onInterrupt(`Upload the rest with: ${shellCommand(["files", "upload", ...rest])}`);
  };
  note();
  const bar = byteBar(context.progress, "uploading");
  const outcomes = await context.flow().files.uploadAll(paths, {
    purpose,
    signal: context.signal,
    ...(bar ? { onUploadProgress: bar } : {}),
    onProgress: ({ done, total, outcome }) => {
      const file = String(outcome.source);
      if (outcome.file) uploaded.set(file, outcome.file.id);
      if (bar) context.progress.write("\r\x1b[K");
      context.say(
        outcome.file
          ? `[${done}/${total}] uploaded ${row(file)} as ${outcome.file.id}`
          : `[${done}/${total}] not uploaded: ${row(file)}: ${row((outcome.error as Error).message)}`,
      );
      note();
    },
  });
  return {
    uploaded: outcomes.flatMap((o) => (o.file ? [o.file] : [])),
    rest: paths.filter((p) => !uploaded.has(p)),
    error: outcomes.find((o) => o.error !== undefined)?.error,
  };
}

/** Refuses a download target that is a folder, or a file that exists without `force` (exit 2). */
export async function checkTarget(target: string, force: boolean): Promise<void> {
  const found = await stat(target).catch(() => undefined);
  if (found?.isDirectory())
    throw new UsageError(`${row(target)} is a folder: give the file's path in it`);
  if (found && !force) throw new UsageError(`${row(target)} exists: pass --force to replace it`);
}

const paths = {
  name: "files",
  list: true,
  describe: "files to upload, or folders (their files)",
} as const;

/** The `files` workflows, by their words. */
export const FILE_WORKFLOWS: Record<string, Workflow> = {
  "files upload": {
    summary:
      "Upload files or the files of folders, four at a time (purpose alignment unless told); every path is checked first.",
    arguments: [paths],
    optional: ["purpose"],
    examples: [
      ["files", "upload", "handbook.pdf", "benefits.md"],
      ["files", "upload", "train.jsonl", "--purpose", "fine-tune", "--json"],
    ],
    async run(context) {
      const { purpose = "alignment", vector_database_id } = (context.input.body ?? {}) as {
        purpose?: FilePurpose;
        vector_database_id?: string | null;
      };
      const files = await localFiles(context.args.files as string[]);
      if (vector_database_id !== undefined) {
        // Each file joins the vector database as it is uploaded, one at a time.
        const uploaded: FileObject[] = [];
        for (const file of files)
          uploaded.push(
            await context
              .flow()
              .files.upload(file, { purpose, vector_database_id, signal: context.signal }),
          );
        return context.result(uploaded, () => itemsTable(uploaded, "none"));
      }
      const { uploaded, error } = await uploadEach(context, files, purpose);
      context.result(uploaded, () => itemsTable(uploaded, "none"));
      if (error) throw error;
    },
  },
  "files upload-bulk": {
    summary: "Upload several files in one request, all or nothing.",
    arguments: [paths],
    examples: [["files", "upload-bulk", "handbook.pdf", "benefits.md", "--purpose", "alignment"]],
    async run(context) {
      const files = await localFiles(context.args.files as string[]);
      const bar = byteBar(context.progress, "uploading");
      const uploaded = await context.flow().files.uploadMany(files, {
        purpose: context.input.body?.purpose as FilePurpose,
        signal: context.signal,
        ...(bar ? { onUploadProgress: bar } : {}),
      });
      if (bar) context.progress.write("\r\x1b[K");
      context.result(uploaded, () => itemsTable(uploaded, "none"));
    },
  },
  "files download": {
    summary:
      "Save a file's content: to --output PATH (its folder made if missing), to stdout with --output -, or by its file name in the current folder.",
    flags: {
      output: { type: "string", value: "PATH", describe: "where to save it; - for stdout" },
      force: { type: "boolean", describe: "replace a file that is already there" },
    },
    examples: [
      ["files", "download", "file-abc", "--output", "dataset.parquet"],
      ["files", "download", "file-abc", "--output", "-"],
    ],
    async run(context) {
      const id = context.input.path.file_id!;
      const output = context.values.output as string | undefined;
      const force = context.values.force === true;
      if (output === "-") {
        let bytes = 0;
        const content = await context.flow().files.content(id, { signal: context.signal });
        for await (const chunk of content as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.byteLength;
          context.stdout.write(chunk);
        }
        context.say(`wrote ${bytes} bytes to stdout`);
        return;
      }
      if (output !== undefined) await checkTarget(output, force);
      const target =
        output ??
        path.basename(
          (await context.flow().files.get(id, { signal: context.signal })).filename || id,
        );
      if (output === undefined) await checkTarget(target, force);
      await mkdir(path.dirname(target), { recursive: true });
      context.onInterrupt(
        `${row(target)} was not written. Download it again with: ${shellCommand(["files", "download", id, "--output", target])}`,
      );
      const bar = byteBar(context.progress, "downloading");
      const bytes = await context.flow().files.download(id, target, {
        signal: context.signal,
        ...(bar ? { onDownloadProgress: bar } : {}),
      });
      if (bar) context.progress.write("\r\x1b[K");
      const saved = { id, path: target, bytes };
      context.result(saved, () => `saved ${row(target)} (${bytes} bytes)`);
    },
  },
};
