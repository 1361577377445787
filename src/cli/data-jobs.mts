/**
 * `seekrflow data-jobs …`: create, list, get, update, add and remove files, start, cancel, clone,
 * delete, watch, outputs.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { enums, jobStatuses } from "../generated/operations.js";
import { DataJobStateError } from "../core/errors.js";
import { NEEDS_USER_STATUSES, TERMINAL_STATUSES } from "../resources/wait.js";
import type { AnyDataJobStatus, DataJob, DataJobDetail } from "../types.js";
import {
  type Command,
  type CommandContext,
  enumFlag,
  type Flag,
  listFlag,
  millisecondsFlag,
  textFlag,
} from "./command.mjs";
import { UsageError } from "./exit-codes.mjs";
import { checkTarget, collect, limitOf, quoted, splitPaths, uploadEach } from "./files.mjs";
import { row } from "./output.mjs";
import { progressReporter } from "./progress.mjs";

/** Statuses a job can end in that a caller did not want (exit 5), unless asked for with --until. */
const ENDED_BADLY: readonly string[] = [
  ...TERMINAL_STATUSES.filter((status) => status !== "completed"),
  ...NEEDS_USER_STATUSES,
];

/** One line for a job: id, status, type, name. */
const jobLine = (job: DataJob): string =>
  row(job.id, job.status.padEnd(15), job.job_type.padEnd(26), job.name);

const intervalFlag: Flag = {
  type: "string",
  value: "MS",
  describe: "poll every MS milliseconds (default: from 2 s, backing off to 30 s)",
};
const typeFlag: Flag = {
  type: "string",
  value: "TYPE",
  describe: "what the job generates",
  values: enums.DataJobType,
};
const editFlags: Record<string, Flag> = {
  name: { type: "string", value: "NAME", describe: "the job's name (1 to 255 characters)" },
  instructions: { type: "string", value: "TEXT", describe: "what the dataset should teach" },
  "system-prompt": { type: "string", value: "TEXT", describe: "the system prompt" },
  "vector-db": { type: "string", value: "ID", describe: "the vector database to ground on" },
};

function edits(values: CommandContext["values"]) {
  const name = textFlag(values, "name");
  const instructions = textFlag(values, "instructions");
  const systemPrompt = textFlag(values, "system-prompt");
  const vectorDb = textFlag(values, "vector-db");
  return {
    ...(name !== undefined ? { name } : {}),
    ...(instructions !== undefined ? { instructions } : {}),
    ...(systemPrompt !== undefined ? { system_prompt: systemPrompt } : {}),
    ...(vectorDb !== undefined ? { vector_database_id: vectorDb } : {}),
  };
}

/** Follows a job until `until` (default: a terminal status) with a live line, and returns it. */
async function follow(
  context: CommandContext,
  id: string,
  until?: AnyDataJobStatus,
): Promise<DataJobDetail> {
  const every = millisecondsFlag(context.values, "interval");
  const reporter = progressReporter(context.progress, id);
  try {
    return await context.flow().dataJobs.waitFor(id, {
      ...(until ? { until } : {}),
      ...(every === undefined ? {} : { intervalMs: every, maxIntervalMs: every }),
      onProgress: reporter.onProgress,
      signal: context.signal,
    });
  } finally {
    reporter.done();
  }
}

/** What to tell a user who stops while a started job runs. */
const startedNote = (id: string): string =>
  `Data job ${id} was started and goes on. Resume with: seekrflow data-jobs watch ${id}`;

/** Prints the job; a job that ended where the caller did not want it fails the command (exit 5). */
function finish(context: CommandContext, job: DataJobDetail, until?: AnyDataJobStatus): void {
  context.result(job, () => jobLine(job));
  if (ENDED_BADLY.includes(job.status) && job.status !== until)
    throw new DataJobStateError(job, `reach ${until ?? "completed"}`);
}

/** The `data-jobs` commands, by their words. */
export const DATA_JOB_COMMANDS: Record<string, Command> = {
  "data-jobs create": {
    usage:
      "seekrflow data-jobs create --name NAME --type TYPE [--instructions TEXT] [--system-prompt TEXT] [--vector-db ID] [--file PATH…] [--start] [--wait]",
    summary:
      "Create a data job, optionally upload and attach files, start it and wait for the dataset.",
    examples: [
      'seekrflow data-jobs create --name "Handbook QA" --type principle_files --file handbook.pdf --start --wait',
      "seekrflow data-jobs create --name Grounded --type context_grounded_vector_db --vector-db vdb-123 --json",
    ],
    flags: {
      ...editFlags,
      type: typeFlag,
      file: {
        type: "string",
        multiple: true,
        value: "PATH",
        describe: "a document to upload and attach (or an uploaded file id)",
      },
      start: { type: "boolean", describe: "start the job once its files are ready" },
      wait: { type: "boolean", describe: "wait until it is done (or ready, without --start)" },
      interval: intervalFlag,
    },
    async run(context) {
      const { values } = context;
      const name = textFlag(values, "name");
      const type = enumFlag(values, "type", enums.DataJobType);
      if (!name || !type) throw new UsageError("data-jobs create needs --name and --type");
      // Local files first: a typo creates no job.
      const { paths, ids } = await splitPaths(listFlag(values, "file"));
      millisecondsFlag(values, "interval");
      let job: DataJobDetail | DataJob = await context
        .flow()
        .dataJobs.create({ ...edits(values), name, job_type: type }, { signal: context.signal });
      const id = job.id;
      context.say(`created ${row(id)}`);
      const addLater = `seekrflow data-jobs add-files ${id} ${quoted([...paths, ...ids])}`;
      context.onInterrupt(
        `Data job ${id} was created; no files are attached. Continue with: ${addLater}`,
      );
      if (paths.length + ids.length > 0) {
        const { uploaded, error } = await uploadEach(context, paths, "alignment");
        if (error || context.signal.aborted) {
          context.onInterrupt(
            `Data job ${id} was created; no files are attached (uploaded: ${uploaded.map((f) => f.id).join(", ") || "none"}). Continue with: ${addLater}`,
          );
          if (error) throw error;
        }
        job = await context
          .flow()
          .dataJobs.addFiles(
            id,
            { file_ids: [...uploaded.map((f) => f.id), ...ids] },
            { signal: context.signal },
          );
      }
      if (values.start) {
        context.onInterrupt(
          `Data job ${id} was created with its files and was not started. Continue with: seekrflow data-jobs watch ${id} --until ready_to_start, then seekrflow data-jobs start ${id}`,
        );
        await follow(context, id, "ready_to_start");
        job = await context.flow().dataJobs.start(id, { signal: context.signal });
        context.say(`started ${row(id)}`);
        context.onInterrupt(startedNote(id));
      }
      if (values.wait) {
        const until = values.start ? undefined : "ready_to_start";
        return finish(context, await follow(context, id, until), until);
      }
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
    flags: {
      type: typeFlag,
      limit: { type: "string", value: "N", describe: "jobs per page" },
      all: { type: "boolean", describe: "every page, not just the first" },
    },
    async run(context) {
      const type = enumFlag(context.values, "type", enums.DataJobType);
      const limit = limitOf(context.values);
      const jobs = await collect(
        context
          .flow()
          .dataJobs.list(
            { ...(type ? { job_type: type } : {}), ...(limit ? { limit } : {}) },
            { signal: context.signal },
          ),
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
              `  file ${row(f.file_id, f.status ?? "", f.name ?? "")}${f.suggested_fix ? `  fix: ${row(f.suggested_fix)}` : ""}`,
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
    flags: editFlags,
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
      "Attach files: uploaded file ids, or local paths (checked, then uploaded with purpose alignment).",
    examples: [
      "seekrflow data-jobs add-files dj-123 handbook.pdf benefits.md",
      "seekrflow data-jobs add-files dj-123 file-abc",
    ],
    positionals: [2, Infinity],
    async run(context) {
      const [id, ...args] = context.positionals;
      const { paths, ids } = await splitPaths(args);
      const { uploaded, error } = await uploadEach(context, paths, "alignment");
      if (error) throw error;
      const job = await context
        .flow()
        .dataJobs.addFiles(
          id!,
          { file_ids: [...uploaded.map((f) => f.id), ...ids] },
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
    usage: "seekrflow data-jobs start ID [--wait] [--interval MS]",
    summary: "Start generating the dataset of a job in ready_to_start.",
    examples: ["seekrflow data-jobs start dj-123 --wait"],
    flags: { wait: { type: "boolean", describe: "wait until it is done" }, interval: intervalFlag },
    positionals: [1, 1],
    async run(context) {
      const id = context.positionals[0]!;
      millisecondsFlag(context.values, "interval");
      const job = await context.flow().dataJobs.start(id, { signal: context.signal });
      context.onInterrupt(startedNote(id));
      if (context.values.wait) return finish(context, await follow(context, id));
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
    flags: { name: editFlags.name! },
    positionals: [1, 1],
    async run(context) {
      const name = textFlag(context.values, "name");
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
      context.result({ id, deleted: true }, () => `deleted ${row(id)}`);
    },
  },
  "data-jobs watch": {
    usage: "seekrflow data-jobs watch ID [--until STATUS] [--interval MS]",
    summary:
      "Follow a job until a terminal status (or --until). Ctrl-C stops watching, not the job. Exits 5 if it ends failed, cancelled, stopped or needs_review.",
    examples: [
      "seekrflow data-jobs watch dj-123",
      "seekrflow data-jobs watch dj-123 --until ready_to_start",
    ],
    flags: {
      until: {
        type: "string",
        value: "STATUS",
        describe: "the status to wait for",
        values: jobStatuses,
      },
      interval: intervalFlag,
    },
    positionals: [1, 1],
    async run(context) {
      const id = context.positionals[0]!;
      const until = enumFlag(context.values, "until", jobStatuses);
      millisecondsFlag(context.values, "interval");
      context.onInterrupt(
        `Stopped watching; data job ${id} goes on. Resume with: seekrflow data-jobs watch ${id}`,
      );
      finish(context, await follow(context, id, until), until);
    },
  },
  "data-jobs outputs": {
    usage: "seekrflow data-jobs outputs ID [--download DIR]",
    summary: "List the dataset files of a started job; --download saves them to DIR.",
    examples: [
      "seekrflow data-jobs outputs dj-123",
      "seekrflow data-jobs outputs dj-123 --download ./datasets",
    ],
    flags: {
      download: { type: "string", value: "DIR", describe: "save every output here" },
      force: { type: "boolean", describe: "replace files that are already there" },
    },
    positionals: [1, 1],
    async run(context) {
      const outputs = await context
        .flow()
        .dataJobs.outputs(context.positionals[0]!, { signal: context.signal });
      const dir = textFlag(context.values, "download");
      if (dir) {
        await mkdir(dir, { recursive: true });
        const targets = outputs.map((output) => path.join(dir, path.basename(output.filename)));
        for (const target of targets) checkTarget(context.values, target);
        for (const [i, output] of outputs.entries()) {
          const target = targets[i]!;
          context.onInterrupt(`Nothing was written to ${row(target)}: download the outputs again.`);
          const bytes = await context
            .flow()
            .files.download(output.id, target, { signal: context.signal });
          context.say(`saved ${row(target)} (${bytes} bytes)`);
        }
      }
      context.result(
        outputs,
        () =>
          outputs
            .map((o) => row(o.id, o.purpose ?? "", `${o.bytes ?? "?"} bytes`, o.filename))
            .join("\n") || "no outputs yet",
      );
    },
  },
};
