/**
 * The data jobs workflows on top of the operations' commands: `create` with files, start and
 * wait; `add-files` from local paths; `start --wait`; `remove-files` with ids as arguments; and
 * the commands of their own, `watch` and `outputs`.
 */
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { commandTable } from "../generated/commands.js";
import { jobStatuses } from "../generated/operations.js";
import type { DataJob, DataJobCreateRequest, DataJobDetail } from "../types.js";
import type { Argument, CommandContext, Flag, Workflow } from "./command.mjs";
import { EXIT_CODES, UsageError } from "./exit-codes.mjs";
import { checkFileIds, checkTarget, serverName, splitPaths, uploadEach } from "./files.mjs";
import { follow, followToEnd } from "./follow.mjs";
import { itemsTable, objectLines, row, shellCommand } from "./output.mjs";

const interval: Flag = {
  type: "duration",
  value: "TIME",
  describe: "poll every TIME, such as 5s (default: from 2s, backing off to 30s)",
};
const waitTimeout: Flag = {
  type: "duration",
  value: "TIME",
  describe: `stop waiting after TIME in all, such as 10m (exit ${EXIT_CODES.waitTimeout}; the job goes on)`,
};
/** The wait's options from the flags every waiting command takes. */
const waitOptions = (context: CommandContext) => ({
  intervalMs: context.values.interval as number | undefined,
  timeoutMs: context.values["wait-timeout"] as number | undefined,
});
const jobId: readonly Argument[] = commandTable["data-jobs get"].arguments;
const idOf = (context: CommandContext): string =>
  context.input.path.data_job_id ?? String(context.args.data_job_id);

/** The `data-jobs` workflows, by their words. */
export const DATA_JOB_WORKFLOWS: Record<string, Workflow> = {
  "data-jobs create": {
    summary:
      "Create a data job; with --file, upload and attach files; with --start, start it once ready; with --wait, wait for the dataset.",
    flags: {
      file: {
        type: "string",
        list: true,
        value: "PATH",
        describe: "a document or folder to upload and attach, or an uploaded file id",
      },
      start: { type: "boolean", describe: "start the job once its files are ready" },
      wait: { type: "boolean", describe: "wait until it is done (or ready, without --start)" },
      interval,
      "wait-timeout": waitTimeout,
    },
    examples: [
      [
        "data-jobs",
        "create",
        "--name",
        "Handbook QA",
        "--job-type",
        "principle_files",
        "--file",
        "handbook.pdf",
        "--start",
        "--wait",
      ],
      ["data-jobs", "create", "--body", "@job.json", "--json"],
    ],
    async run(context) {
      const { values } = context;
      const wait = waitOptions(context);
      // Local files and file ids first: a typo creates no job.
      const { paths, ids } = await splitPaths(context, (values.file as string[] | undefined) ?? []);
      context.leftBehind("No data job was created.");
      await checkFileIds(context, ids);
      let job: DataJob | DataJobDetail = await context
        .flow()
        .dataJobs.create(context.input.body as DataJobCreateRequest, { signal: context.signal });
      const id = job.id;
      context.say(`created ${row(id)}`);
      if (paths.length + ids.length > 0) {
        const attach = (rest: string[]) =>
          `Data job ${id} was created with no files attached. Attach them with: ${shellCommand(["data-jobs", "add-files", id, ...rest])}`;
        context.leftBehind(attach([...paths, ...ids]));
        const { uploaded, rest, error } = await uploadEach(context, paths, "alignment");
        const uploadedIds = uploaded.map((file) => file.id);
        context.leftBehind(attach([...uploadedIds, ...rest, ...ids]));
        if (error) throw error;
        job = await context
          .flow()
          .dataJobs.addFiles(
            id,
            { file_ids: [...uploadedIds, ...ids] },
            { signal: context.signal },
          );
      }
      context.leftBehind(
        `Data job ${id} was created${paths.length + ids.length ? " with its files" : ""} and was not started.`,
      );
      if (values.start) {
        context.onInterrupt(
          `Continue with: ${shellCommand(["data-jobs", "watch", id, "--until", "ready_to_start"])}, then ${shellCommand(["data-jobs", "start", id])}`,
        );
        await follow(context, id, { ...wait, until: "ready_to_start" });
        job = await context.flow().dataJobs.start(id, { signal: context.signal });
        context.say(`started ${row(id)}`);
        context.leftBehind(`Data job ${id} was started.`);
        context.onInterrupt(
          `Data job ${id} goes on. Follow it with: ${shellCommand(["data-jobs", "watch", id])}`,
        );
      }
      if (values.wait) {
        await followToEnd(context, id, {
          ...wait,
          until: values.start ? undefined : "ready_to_start",
        });
        return;
      }
      context.result(job, () => objectLines(job));
    },
  },
  "data-jobs add-files": {
    summary:
      "Attach files to a data job: uploaded file ids, or local paths and folders (checked, then uploaded with purpose alignment).",
    arguments: [
      ...jobId,
      {
        name: "files",
        list: true,
        optional: true,
        describe: "local paths or folders to upload first, or uploaded file ids",
      },
    ],
    optional: ["file-ids"],
    examples: [
      ["data-jobs", "add-files", "dj-123", "handbook.pdf", "benefits.md"],
      ["data-jobs", "add-files", "dj-123", "--file-ids", "file-abc"],
    ],
    async run(context) {
      const id = idOf(context);
      const given = (context.args.files as string[] | undefined) ?? [];
      const flagged = (context.input.body?.file_ids as string[] | undefined) ?? [];
      if (given.length + flagged.length === 0)
        throw new UsageError("give the files to attach: paths, or file ids (--file-ids)");
      const { paths, ids } = await splitPaths(context, given);
      const { uploaded, error } = await uploadEach(context, paths, "alignment");
      if (error) throw error;
      const job = await context
        .flow()
        .dataJobs.addFiles(
          id,
          { ...context.input.body, file_ids: [...uploaded.map((f) => f.id), ...ids, ...flagged] },
          { signal: context.signal },
        );
      context.result(job, () => objectLines(job));
    },
  },
  "data-jobs remove-files": {
    summary: "Detach files from a data job (the files stay). File ids may follow the job's id.",
    trailing: "file-ids",
    examples: [["data-jobs", "remove-files", "dj-123", "file-abc"]],
    async run(context) {
      const job = await context
        .flow()
        .dataJobs.removeFiles(idOf(context), context.input.body as { file_ids: string[] }, {
          signal: context.signal,
        });
      context.result(job, () => objectLines(job));
    },
  },
  "data-jobs start": {
    summary:
      "Start generating the dataset of a job in ready_to_start; --wait follows it to the end.",
    flags: {
      wait: { type: "boolean", describe: "wait until it is done" },
      interval,
      "wait-timeout": waitTimeout,
    },
    examples: [["data-jobs", "start", "dj-123", "--wait"]],
    async run(context) {
      const id = idOf(context);
      const job = await context.flow().dataJobs.start(id, { signal: context.signal });
      if (!context.values.wait) return context.result(job, () => objectLines(job));
      context.onInterrupt(
        `Data job ${id} goes on. Follow it with: ${shellCommand(["data-jobs", "watch", id])}`,
      );
      await followToEnd(context, id, waitOptions(context));
    },
  },
  "data-jobs watch": {
    summary:
      "Follow a job until a status it never leaves (or --until). Ctrl-C stops watching, not the job. Exits 5 if it ends other than completed, or waits for its owner.",
    arguments: jobId,
    flags: {
      until: {
        type: "string",
        value: "STATUS",
        describe: "the status to wait for",
        values: jobStatuses,
      },
      interval,
      "wait-timeout": waitTimeout,
    },
    examples: [
      ["data-jobs", "watch", "dj-123"],
      ["data-jobs", "watch", "dj-123", "--until", "ready_to_start"],
      ["data-jobs", "watch", "dj-123", "--wait-timeout", "30m"],
    ],
    async run(context) {
      const id = String(context.args.data_job_id);
      context.onInterrupt(
        `Stopped watching; data job ${id} goes on. Resume with: ${shellCommand(["data-jobs", "watch", id])}`,
      );
      await followToEnd(context, id, {
        ...waitOptions(context),
        until: context.values.until as DataJobDetail["status"] | undefined,
      });
    },
  },
  "data-jobs outputs": {
    summary:
      "List the dataset files of a started data job (its alignment job's outputs); --download saves them to a folder.",
    arguments: jobId,
    flags: {
      download: {
        type: "string",
        value: "DIR",
        describe: "save every output in DIR (made if missing)",
      },
      force: { type: "boolean", describe: "replace files that are already there" },
    },
    examples: [
      ["data-jobs", "outputs", "dj-123"],
      ["data-jobs", "outputs", "dj-123", "--download", "./datasets"],
    ],
    async run(context) {
      const dir = context.values.download as string | undefined;
      if (
        dir !== undefined &&
        (await stat(context.localPath(dir)).catch(() => undefined))?.isFile()
      )
        throw new UsageError(`--download ${row(dir)} is a file: give a folder`);
      const outputs = await context
        .flow()
        .dataJobs.outputs(String(context.args.data_job_id), { signal: context.signal });
      if (dir !== undefined) {
        const targets = outputs.map((output) =>
          path.join(
            dir,
            serverName(
              output.filename,
              shellCommand(["files", "download", output.id, "--output", "PATH"]),
            ),
          ),
        );
        for (const target of targets)
          await checkTarget(context, target, context.values.force === true);
        await mkdir(context.localPath(dir), { recursive: true });
        for (const [i, output] of outputs.entries()) {
          const target = targets[i]!;
          context.onInterrupt(
            `${row(target)} was not written. Download the outputs again with: ${shellCommand(["data-jobs", "outputs", String(context.args.data_job_id), "--download", dir, "--force"])}`,
          );
          const bytes = await context
            .flow()
            .files.download(output.id, context.localPath(target), { signal: context.signal });
          context.say(`saved ${row(target)} (${bytes} bytes)`);
        }
      }
      context.result(outputs, () => itemsTable(outputs, "no outputs yet"));
    },
  },
};
