/**
 * The `seekrflow` commands: each one a usage line, examples, its options for node:util parseArgs,
 * and a `run` built on the facade (the CLI has no HTTP path of its own).
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { ParseArgsConfig } from "node:util";
import type { SeekrFlow } from "../seekrflow.js";
import type { AnyDataJobStatus, DataJobType, FileObject, FilePurpose } from "../types.js";
import { progressReporter, type ProgressStream } from "./progress.js";

/** What a command gets to work with. */
export interface CommandContext {
  flow: () => SeekrFlow;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** Prints a result: JSON on stdout with --json, else `human` lines. */
  result: (value: unknown, human: () => string) => void;
  /** Prints a message for people on stderr. */
  say: (text: string) => void;
  progress: ProgressStream;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

/** One command of the CLI. */
export interface Command {
  usage: string;
  summary: string;
  examples: string[];
  options?: ParseArgsConfig["options"];
  /** How many positional arguments: [min, max]. */
  positionals?: [number, number];
  run: (context: CommandContext) => Promise<void>;
}

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value : typeof value === "string" ? [value] : [];

function jobLine(job: { id: string; status: string; job_type: string; name: string }): string {
  return `${job.id}  ${job.status.padEnd(15)}  ${job.job_type.padEnd(26)}  ${job.name}`;
}

/** One page, or with --all every item of every page. */
async function collect<T>(
  request: PromiseLike<{ data?: T[] | null }> & AsyncIterable<T>,
  all: unknown,
): Promise<T[]> {
  if (!all) return (await request).data ?? [];
  const items: T[] = [];
  for await (const item of request) items.push(item);
  return items;
}

/** Uploads each argument that is a local file; passes ids through. */
async function fileIds(context: CommandContext, args: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const arg of args) {
    if (existsSync(arg)) {
      const file = await context
        .flow()
        .files.upload(arg, { purpose: "alignment", signal: context.signal });
      context.say(`uploaded ${arg} as ${file.id}`);
      ids.push(file.id);
    } else ids.push(arg);
  }
  return ids;
}

/** Follows a job until `until` with a live line, and returns it. */
async function follow(context: CommandContext, id: string, until?: AnyDataJobStatus) {
  const reporter = progressReporter(context.progress, id);
  const every = str(context.values.interval);
  try {
    return await context.flow().dataJobs.waitFor(id, {
      ...(until ? { until } : {}),
      // --interval polls at a steady pace; without it, the library's backoff from 2 s to 30 s.
      ...(every === undefined ? {} : { intervalMs: Number(every), maxIntervalMs: Number(every) }),
      onProgress: reporter.onProgress,
      signal: context.signal,
    });
  } finally {
    reporter.done();
  }
}

const jobEdits = {
  name: { type: "string" },
  instructions: { type: "string" },
  "system-prompt": { type: "string" },
  "vector-db": { type: "string" },
} as const;

function edits(values: CommandContext["values"]) {
  return {
    ...(str(values.name) !== undefined ? { name: str(values.name)! } : {}),
    ...(str(values.instructions) !== undefined ? { instructions: str(values.instructions)! } : {}),
    ...(str(values["system-prompt"]) !== undefined
      ? { system_prompt: str(values["system-prompt"])! }
      : {}),
    ...(str(values["vector-db"]) !== undefined
      ? { vector_database_id: str(values["vector-db"])! }
      : {}),
  };
}

/** Every command, by its words. */
export const COMMANDS: Record<string, Command> = {
  "data-jobs create": {
    usage:
      "seekrflow data-jobs create --name NAME --type TYPE [--instructions TEXT] [--system-prompt TEXT] [--vector-db ID] [--file PATH…] [--start] [--wait]",
    summary:
      "Create a data job, optionally upload and attach files, start it and wait for the dataset.",
    examples: [
      'seekrflow data-jobs create --name "Handbook QA" --type principle_files --file handbook.pdf --start --wait',
      "seekrflow data-jobs create --name Grounded --type context_grounded_vector_db --vector-db vdb-123 --json",
    ],
    options: {
      ...jobEdits,
      type: { type: "string" },
      file: { type: "string", multiple: true },
      start: { type: "boolean" },
      wait: { type: "boolean" },
      interval: { type: "string" },
    },
    async run(context) {
      const { values } = context;
      if (!str(values.name) || !str(values.type))
        throw new UsageError("data-jobs create needs --name and --type");
      let job = await context
        .flow()
        .dataJobs.create(
          { ...edits(values), name: str(values.name)!, job_type: str(values.type) as DataJobType },
          { signal: context.signal },
        );
      context.say(`created ${job.id}`);
      const files = list(values.file);
      if (files.length > 0) {
        job = await context
          .flow()
          .dataJobs.addFiles(
            job.id,
            { file_ids: await fileIds(context, files) },
            { signal: context.signal },
          );
      }
      if (values.start) {
        await follow(context, job.id, "ready_to_start");
        job = await context.flow().dataJobs.start(job.id, { signal: context.signal });
        context.say(`started ${job.id}`);
      }
      if (values.wait)
        job = await follow(context, job.id, values.start ? undefined : "ready_to_start");
      context.result(job, () => jobLine(job));
    },
  },
  "data-jobs list": {
    usage: "seekrflow data-jobs list [--type TYPE] [--limit N] [--all]",
    summary: "List data jobs, newest first: one page, or every page with --all.",
    examples: [
      "seekrflow data-jobs list",
      "seekrflow data-jobs list --type principle_files --all --json",
    ],
    options: { type: { type: "string" }, limit: { type: "string" }, all: { type: "boolean" } },
    async run(context) {
      const params = {
        ...(str(context.values.type) ? { job_type: str(context.values.type) as DataJobType } : {}),
        ...(str(context.values.limit) ? { limit: Number(str(context.values.limit)) } : {}),
      };
      const jobs = await collect(
        context.flow().dataJobs.list(params, { signal: context.signal }),
        context.values.all,
      );
      context.result(jobs, () => jobs.map(jobLine).join("\n") || "no data jobs");
    },
  },
  "data-jobs get": {
    usage: "seekrflow data-jobs get ID",
    summary: "Show a data job with its files, ingestion and alignment job.",
    examples: [
      "seekrflow data-jobs get dj-123",
      "seekrflow data-jobs get dj-123 --json | jq .status",
    ],
    positionals: [1, 1],
    async run(context) {
      const job = await context
        .flow()
        .dataJobs.get(context.positionals[0]!, { signal: context.signal });
      context.result(job, () =>
        [
          jobLine(job),
          ...(job.files ?? []).map(
            (f) =>
              `  file ${f.file_id}  ${f.status ?? ""}  ${f.name ?? ""}${f.suggested_fix ? `  fix: ${f.suggested_fix}` : ""}`,
          ),
        ].join("\n"),
      );
    },
  },
  "data-jobs update": {
    usage:
      "seekrflow data-jobs update ID [--name NAME] [--instructions TEXT] [--system-prompt TEXT] [--vector-db ID]",
    summary: "Change a data job's name, instructions, system prompt or vector database.",
    examples: ['seekrflow data-jobs update dj-123 --instructions "Ask about expenses too."'],
    options: jobEdits,
    positionals: [1, 1],
    async run(context) {
      const job = await context
        .flow()
        .dataJobs.update(context.positionals[0]!, edits(context.values), {
          signal: context.signal,
        });
      context.result(job, () => jobLine(job));
    },
  },
  "data-jobs add-files": {
    usage: "seekrflow data-jobs add-files ID FILE…",
    summary:
      "Attach files: uploaded file ids, or local paths (uploaded first with purpose alignment).",
    examples: [
      "seekrflow data-jobs add-files dj-123 handbook.pdf benefits.md",
      "seekrflow data-jobs add-files dj-123 file-abc",
    ],
    positionals: [2, Infinity],
    async run(context) {
      const [id, ...files] = context.positionals;
      const job = await context
        .flow()
        .dataJobs.addFiles(
          id!,
          { file_ids: await fileIds(context, files) },
          { signal: context.signal },
        );
      context.result(job, () => jobLine(job));
    },
  },
  "data-jobs remove-files": {
    usage: "seekrflow data-jobs remove-files ID FILE_ID…",
    summary: "Detach files from a data job (the files stay).",
    examples: ["seekrflow data-jobs remove-files dj-123 file-abc"],
    positionals: [2, Infinity],
    async run(context) {
      const [id, ...files] = context.positionals;
      const job = await context
        .flow()
        .dataJobs.removeFiles(id!, { file_ids: files }, { signal: context.signal });
      context.result(job, () => jobLine(job));
    },
  },
  "data-jobs start": {
    usage: "seekrflow data-jobs start ID [--wait]",
    summary: "Start generating the dataset of a job in ready_to_start.",
    examples: ["seekrflow data-jobs start dj-123 --wait"],
    options: { wait: { type: "boolean" }, interval: { type: "string" } },
    positionals: [1, 1],
    async run(context) {
      let job = await context
        .flow()
        .dataJobs.start(context.positionals[0]!, { signal: context.signal });
      if (context.values.wait) job = await follow(context, job.id);
      context.result(job, () => jobLine(job));
    },
  },
  "data-jobs cancel": {
    usage: "seekrflow data-jobs cancel ID",
    summary: "Cancel the generation of a started job.",
    examples: ["seekrflow data-jobs cancel dj-123"],
    positionals: [1, 1],
    async run(context) {
      const job = await context
        .flow()
        .dataJobs.cancel(context.positionals[0]!, { signal: context.signal });
      context.result(job, () => jobLine(job));
    },
  },
  "data-jobs clone": {
    usage: "seekrflow data-jobs clone ID [--name NAME]",
    summary: "Create a new job with this one's settings and files.",
    examples: ['seekrflow data-jobs clone dj-123 --name "Handbook QA v2"'],
    options: { name: { type: "string" } },
    positionals: [1, 1],
    async run(context) {
      const name = str(context.values.name);
      const job = await context
        .flow()
        .dataJobs.clone(context.positionals[0]!, name ? { name } : {}, { signal: context.signal });
      context.result(job, () => jobLine(job));
    },
  },
  "data-jobs delete": {
    usage: "seekrflow data-jobs delete ID",
    summary: "Delete a data job (its files stay).",
    examples: ["seekrflow data-jobs delete dj-123"],
    positionals: [1, 1],
    async run(context) {
      const id = context.positionals[0]!;
      await context.flow().dataJobs.delete(id, { signal: context.signal });
      context.result({ id, deleted: true }, () => `deleted ${id}`);
    },
  },
  "data-jobs watch": {
    usage: "seekrflow data-jobs watch ID [--until STATUS]",
    summary:
      "Follow a job until a terminal status (or --until). Ctrl-C stops watching, not the job.",
    examples: [
      "seekrflow data-jobs watch dj-123",
      "seekrflow data-jobs watch dj-123 --until ready_to_start",
    ],
    options: { until: { type: "string" }, interval: { type: "string" } },
    positionals: [1, 1],
    async run(context) {
      const job = await follow(
        context,
        context.positionals[0]!,
        str(context.values.until) as AnyDataJobStatus | undefined,
      );
      context.result(job, () => jobLine(job));
    },
  },
  "data-jobs outputs": {
    usage: "seekrflow data-jobs outputs ID [--download DIR]",
    summary: "List the dataset files of a started job; --download saves them to DIR.",
    examples: [
      "seekrflow data-jobs outputs dj-123",
      "seekrflow data-jobs outputs dj-123 --download ./datasets",
    ],
    options: { download: { type: "string" } },
    positionals: [1, 1],
    async run(context) {
      const outputs = await context
        .flow()
        .dataJobs.outputs(context.positionals[0]!, { signal: context.signal });
      const dir = str(context.values.download);
      if (dir) {
        await mkdir(dir, { recursive: true });
        for (const output of outputs) {
          const target = path.join(dir, path.basename(output.filename));
          const bytes = await context
            .flow()
            .files.download(output.id, target, { signal: context.signal });
          context.say(`saved ${target} (${bytes} bytes)`);
        }
      }
      context.result(
        outputs,
        () =>
          outputs
            .map((o) => `${o.id}  ${o.purpose ?? ""}  ${o.bytes ?? "?"} bytes  ${o.filename}`)
            .join("\n") || "no outputs yet",
      );
    },
  },
  "files upload": {
    usage: "seekrflow files upload PATH… [--purpose PURPOSE]",
    summary: "Upload files (purpose alignment unless told).",
    examples: [
      "seekrflow files upload handbook.pdf benefits.md",
      "seekrflow files upload train.jsonl --purpose fine-tune --json",
    ],
    options: { purpose: { type: "string", default: "alignment" } },
    positionals: [1, Infinity],
    async run(context) {
      const purpose = str(context.values.purpose) as FilePurpose;
      const files: FileObject[] = [];
      for (const file of context.positionals)
        files.push(await context.flow().files.upload(file, { purpose, signal: context.signal }));
      context.result(files, () =>
        files.map((f) => `${f.id}  ${f.bytes ?? "?"} bytes  ${f.filename}`).join("\n"),
      );
    },
  },
  "files list": {
    usage: "seekrflow files list [--purpose PURPOSE] [--limit N] [--all]",
    summary: "List files: one page, or every page with --all.",
    examples: ["seekrflow files list --purpose alignment --all"],
    options: { purpose: { type: "string" }, limit: { type: "string" }, all: { type: "boolean" } },
    async run(context) {
      const params = {
        ...(str(context.values.purpose)
          ? { purpose: str(context.values.purpose) as FilePurpose }
          : {}),
        ...(str(context.values.limit) ? { limit: Number(str(context.values.limit)) } : {}),
      };
      const files = await collect(
        context.flow().files.list(params, { signal: context.signal }),
        context.values.all,
      );
      context.result(
        files,
        () =>
          files
            .map((f) => `${f.id}  ${f.purpose ?? ""}  ${f.bytes ?? "?"} bytes  ${f.filename ?? ""}`)
            .join("\n") || "no files",
      );
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
      context.result(
        file,
        () =>
          `${file.id}  ${file.purpose ?? ""}  ${file.bytes ?? "?"} bytes  ${file.filename ?? ""}`,
      );
    },
  },
  "files download": {
    usage: "seekrflow files download ID [--output PATH]",
    summary: "Save a file's content (default: its file name in the current folder).",
    examples: ["seekrflow files download file-abc --output dataset.parquet"],
    options: { output: { type: "string" } },
    positionals: [1, 1],
    async run(context) {
      const id = context.positionals[0]!;
      const target =
        str(context.values.output) ??
        path.basename(
          (await context.flow().files.get(id, { signal: context.signal })).filename ?? id,
        );
      const bytes = await context.flow().files.download(id, target, { signal: context.signal });
      context.result({ id, path: target, bytes }, () => `saved ${target} (${bytes} bytes)`);
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
      context.result(result, () => `deleted ${result.id}`);
    },
  },
};
