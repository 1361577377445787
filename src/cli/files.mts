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
import { purposeFileTypes } from "../generated/operations.js";
import type { FileObject, FilePurpose } from "../types.js";
import type { CommandContext, Workflow } from "./command.mjs";
import { UsageError } from "./exit-codes.mjs";
import { itemsTable, localFileName, row, shellCommand } from "./output.mjs";
import type { ProgressStream } from "./progress.mjs";

/**
 * Which arguments are uploaded file ids (`file-…` that is no local file) and which are local
 * paths; each path is checked (exists, is a file or folder, readable) before anything is sent,
 * and a folder stands for the documents in it and its subfolders.
 */
export async function splitPaths(
  context: Pick<CommandContext, "say" | "localPath">,
  args: string[],
): Promise<{ paths: string[]; ids: string[] }> {
  const ids = args.filter(
    (arg) => /^file-[\w-]+$/.test(arg) && !existsSync(context.localPath(arg)),
  );
  const paths = args.filter((arg) => !ids.includes(arg));
  return { paths: await localFiles(context, paths, "alignment"), ids };
}

/** Gets each file id, so that an unknown one fails (exit 3) before anything is made. */
export async function checkFileIds(context: CommandContext, ids: string[]): Promise<void> {
  for (const id of ids) await context.flow().files.get(id, { signal: context.signal });
}

/** The file name extensions the platform ingests for `purpose`, from the document. */
const typesOf = (purpose: FilePurpose): readonly string[] =>
  (purposeFileTypes as Record<string, readonly string[]>)[purpose] ?? [];
/** Those extensions as people read them: `.md, .pdf, …`. */
const typeList = (purpose: FilePurpose): string =>
  typesOf(purpose)
    .map((t) => `.${t}`)
    .join(", ");

/** Why a file found in a folder is not uploaded for `purpose`, or undefined when it is. */
function skipReason(file: string, purpose: FilePurpose): string | undefined {
  const types = typesOf(purpose);
  const extension = path.extname(file).slice(1).toLowerCase();
  if (types.length === 0 || types.includes(extension)) return undefined;
  return `${extension ? `.${extension}` : "no extension"} is not a type ${purpose} takes (${typeList(purpose)})`;
}

/**
 * The files the arguments name, each checked (exists, is a file, readable). A folder stands for
 * the files in it and in its subfolders, in path order: hidden ones and those whose type the
 * purpose does not take are skipped, each said on stderr with why. A named file is taken as is.
 */
async function localFiles(
  context: Pick<CommandContext, "say" | "localPath">,
  args: string[],
  purpose: FilePurpose,
): Promise<string[]> {
  const readable = (given: string) =>
    checkReadableFile(context.localPath(given), "uploadFile", given);
  const files: string[] = [];
  for (const arg of args) {
    if (!(await stat(context.localPath(arg)).catch(() => undefined))?.isDirectory()) {
      await readable(arg);
      files.push(arg);
      continue;
    }
    const found: string[] = [];
    const skipped: string[] = [];
    await walk(context, arg, found, skipped);
    const taken = found.filter((file) => {
      const reason = skipReason(file, purpose);
      if (reason) skipped.push(`${row(file)}: ${reason}`);
      return !reason;
    });
    for (const line of skipped.sort()) context.say(`skipped ${line}`);
    if (taken.length === 0)
      throw new UsageError(
        `${row(arg)} is a folder with no files to upload for ${purpose} (${typeList(purpose)})`,
      );
    for (const file of taken) await readable(file);
    files.push(...taken);
  }
  return files;
}

/** Every file under `folder`, its subfolders too; hidden entries and links are skipped, said. */
async function walk(
  context: Pick<CommandContext, "localPath">,
  folder: string,
  found: string[],
  skipped: string[],
): Promise<void> {
  const entries = await readdir(context.localPath(folder), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(folder, entry.name);
    if (entry.name.startsWith(".")) skipped.push(`${row(full)}: hidden`);
    else if (entry.isDirectory()) await walk(context, full, found, skipped);
    else if (entry.isFile()) found.push(full);
    else skipped.push(`${row(full)}: ${entry.isSymbolicLink() ? "a link" : "not a file"}`);
  }
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
  // Each is opened by its resolved path, and named as it was given (a.md and ./a.md are both
  // named, whichever finishes first).
  const resolved = paths.map(context.localPath);
  const given = new Map<string, string[]>();
  for (const [i, p] of resolved.entries()) given.set(p, [...(given.get(p) ?? []), paths[i]!]);
  const outcomes = await context.flow().files.uploadEach(resolved, {
    purpose,
    signal: context.signal,
    ...(bar ? { onUploadProgress: bar } : {}),
    onProgress: ({ done, total, outcome }) => {
      const file = given.get(outcome.source as string)!.shift()!;
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

/** A name from the server as a local file name; exit 2 when it cannot be one, with `fix`. */
export function serverName(name: string, fix = "--output PATH"): string {
  const local = localFileName(name);
  if (local === undefined)
    throw new UsageError(
      `the server names the file ${JSON.stringify(name)}, which cannot be a local file name: save it with ${fix}`,
    );
  return local;
}

/** Refuses a download target that is a folder, or a file that exists without `force` (exit 2). */
export async function checkTarget(
  context: Pick<CommandContext, "localPath">,
  target: string,
  force: boolean,
): Promise<void> {
  const found = await stat(context.localPath(target)).catch(() => undefined);
  if (found?.isDirectory())
    throw new UsageError(`${row(target)} is a folder: give the file's path in it`);
  if (found && !force) throw new UsageError(`${row(target)} exists: pass --force to replace it`);
}

/** `files upload - --name NAME`: standard input as one file, streamed as it is read. */
async function uploadStdin(
  context: CommandContext,
  args: string[],
  name: string | undefined,
  purpose: FilePurpose,
): Promise<void> {
  if (args.length > 1)
    throw new UsageError("- (standard input) is uploaded alone: give no other file");
  if (name === undefined)
    throw new UsageError("- uploads standard input: name it with --name, such as --name notes.md");
  const reason = skipReason(name, purpose);
  if (reason) throw new UsageError(`--name ${row(name)}: ${reason}`);
  if (!context.stdin) throw new UsageError("there is no standard input to upload");
  const file = await context
    .flow()
    .files.upload({ data: context.stdin, filename: name }, { purpose, signal: context.signal });
  context.say(`uploaded standard input as ${row(file.id)} (${row(name)})`);
  context.result([file], () => itemsTable([file], "none"));
}

const paths = {
  name: "files",
  list: true,
  describe: "files to upload, or folders (their files and subfolders'); - for standard input",
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
      ["files", "upload", "-", "--name", "notes.md"],
    ],
    flags: {
      name: {
        type: "string",
        value: "NAME",
        describe: "the file name to record for standard input (-), with its extension",
      },
    },
    async run(context) {
      const { purpose = "alignment", vector_database_id } = (context.input.body ?? {}) as {
        purpose?: FilePurpose;
        vector_database_id?: string | null;
      };
      const args = context.args.files as string[];
      const name = context.values.name as string | undefined;
      if (args.includes("-")) return uploadStdin(context, args, name, purpose);
      if (name !== undefined)
        throw new UsageError("--name names standard input: give - as the file to upload");
      const files = await localFiles(context, args, purpose);
      if (vector_database_id !== undefined) {
        // Each file joins the vector database as it is uploaded, one at a time.
        const uploaded: FileObject[] = [];
        for (const file of files)
          uploaded.push(
            await context.flow().files.upload(context.localPath(file), {
              purpose,
              vector_database_id,
              signal: context.signal,
            }),
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
      const purpose = context.input.body?.purpose as FilePurpose;
      const files = await localFiles(context, context.args.files as string[], purpose);
      const bar = byteBar(context.progress, "uploading");
      const uploaded = await context.flow().files.uploadTogether(files.map(context.localPath), {
        purpose,
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
        // As curl does: binary on a terminal garbles it; a pipe or a file is what is meant.
        if (context.stdout.isTTY === true && !force)
          throw new UsageError(
            "--output - would write the file's bytes to this terminal: pipe it (| less), give --output PATH, or add --force",
          );
        let bytes = 0;
        const content = await context.flow().files.content(id, { signal: context.signal });
        for await (const chunk of content as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.byteLength;
          context.stdout.write(chunk);
        }
        // On a line of its own, even when stdout's last line had no newline and shares the terminal.
        context.say(`${context.stdout.isTTY === true ? "\n" : ""}wrote ${bytes} bytes to stdout`);
        return;
      }
      if (output !== undefined) await checkTarget(context, output, force);
      const target =
        output ??
        serverName((await context.flow().files.get(id, { signal: context.signal })).filename || id);
      if (output === undefined) await checkTarget(context, target, force);
      await mkdir(path.dirname(context.localPath(target)), { recursive: true });
      context.onInterrupt(
        `${row(target)} was not written. Download it again with: ${shellCommand(["files", "download", id, "--output", target])}`,
      );
      const bar = byteBar(context.progress, "downloading");
      const bytes = await context.flow().files.download(id, context.localPath(target), {
        signal: context.signal,
        ...(bar ? { onDownloadProgress: bar } : {}),
      });
      if (bar) context.progress.write("\r\x1b[K");
      const saved = { id, path: target, bytes };
      context.result(saved, () => `saved ${row(target)} (${bytes} bytes)`);
    },
  },
};
