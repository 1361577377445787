/**
 * The tools: one per operation of the document (./generated/tools.ts, from `npm run generate`),
 * each called through `SeekrFlow` so that validation, retries, timeouts and typed errors are the
 * client's; uploads and downloads with local paths under the allowed roots; and
 * `wait_for_data_job`, a bounded wait an agent calls again until the job gets where it should.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { DataJobStateError, JOB_STATUSES, WaitTimeoutError } from "seekrflow-client";
import type { AnyDataJobStatus, DataJobDetail, FilePurpose } from "seekrflow-client";
import type { SeekrFlow } from "seekrflow-client/node";
import { stat } from "node:fs/promises";
import { toolTable } from "./generated/tools.js";
import { allowedPath } from "./roots.js";
import { failure, failureOf, success } from "./results.js";

type Row = (typeof toolTable)[number];

/** What a tool call runs with. */
export interface ToolContext {
  flow: SeekrFlow;
  roots: readonly string[];
  signal: AbortSignal;
  /** The longest one `wait_for_data_job` call waits, in ms. */
  waitMs: number;
  /** The pause between polls of `wait_for_data_job`, in ms (default: the client's backoff). */
  pollMs: number | undefined;
  /** Reports progress when the caller sent a progress token. */
  progress: (progress: number, message: string) => Promise<void>;
}

const getJob = toolTable.find((tool) => tool.operation === "getDataJob")!;

/** `wait_for_data_job`: no operation of its own; its id is the document's, its statuses too. */
const WAIT_TOOL: Tool = {
  name: "wait_for_data_job",
  title: "Wait for a data job",
  description:
    "Waits for a data job to reach a status (by default one it never leaves: completed, failed, cancelled or stopped), for a bounded time per call, and returns the job. When the status is not reached yet, call it again. A job that waits for its owner (needs_review; ready_to_start when waiting for the end) is returned at once with the next step.",
  inputSchema: {
    type: "object",
    properties: {
      data_job_id: getJob.inputSchema.properties.data_job_id,
      until: {
        type: "string",
        enum: [...JOB_STATUSES],
        description: "The status to wait for; by default one the job never leaves.",
      },
    },
    required: ["data_job_id"],
    additionalProperties: false,
  },
  annotations: {
    title: "Wait for a data job",
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
};

/** Every tool as `tools/list` shows it. */
export const TOOLS: readonly Tool[] = [
  ...toolTable.map(({ name, title, description, inputSchema, annotations, ...row }): Tool => ({
    name,
    title,
    description,
    // The generated table is deeply readonly; the SDK's types are not.
    inputSchema: inputSchema as unknown as Tool["inputSchema"],
    ...("outputSchema" in row
      ? { outputSchema: row.outputSchema as unknown as Tool["outputSchema"] }
      : {}),
    annotations,
  })),
  WAIT_TOOL,
].sort((a, b) => a.name.localeCompare(b.name));

/** The top-level fields `args` has that the tool does not take, and the required ones it lacks. */
function checkShape(tool: Tool, args: Record<string, unknown>): string[] {
  const properties = tool.inputSchema.properties ?? {};
  return [
    ...Object.keys(args)
      .filter((key) => !(key in properties))
      .map((key) => `${key}: is not an input of ${tool.name}`),
    ...(tool.inputSchema.required ?? [])
      .filter((key) => args[key] === undefined)
      .map((key) => `${key}: is required`),
  ];
}

/** Calls `name` with `args`; every failure is a result with `isError`, never a thrown error. */
export async function callTool(
  name: string,
  args: Record<string, unknown>,
  context: ToolContext,
): Promise<CallToolResult> {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) return failure(`There is no tool ${name}.`);
  const problems = checkShape(tool, args);
  if (problems.length)
    return failure("Nothing was sent: the input is not what the tool takes.", problems);
  try {
    if (name === WAIT_TOOL.name) return await waitForJob(args, context);
    const row = toolTable.find((t) => t.name === name)!;
    return await callOperation(row, args, context);
  } catch (error) {
    return failureOf(error);
  }
}

async function callOperation(
  row: Row,
  args: Record<string, unknown>,
  { flow, roots, signal }: ToolContext,
): Promise<CallToolResult> {
  const input: {
    path: Record<string, unknown>;
    query: Record<string, unknown>;
    body?: Record<string, unknown>;
  } = {
    path: {},
    query: {},
  };
  for (const [key, value] of Object.entries(args)) {
    const place = (row.fields as Record<string, string>)[key];
    if (place === "path" || place === "query") input[place][key] = value;
    else if (place === "body") (input.body ??= {})[key] = value;
  }
  const options = { signal };
  switch (row.operation) {
    case "uploadFile": {
      const file = await allowedPath(String(args.path), roots, "read");
      const { purpose, vector_database_id } = input.body as {
        purpose: FilePurpose;
        vector_database_id?: string | null;
      };
      return success(
        await flow.files.upload(file, {
          purpose,
          ...(vector_database_id === undefined ? {} : { vector_database_id }),
          ...options,
        }),
      );
    }
    case "uploadFiles": {
      const files = await Promise.all(
        (args.paths as string[]).map((p) => allowedPath(String(p), roots, "read")),
      );
      return success(
        await flow.files.uploadMany(files, {
          purpose: input.body!.purpose as FilePurpose,
          ...options,
        }),
      );
    }
    case "getFileContent": {
      const target = await allowedPath(String(args.path), roots, "write");
      if (args.overwrite !== true && (await stat(target).catch(() => undefined)))
        return failure(
          `${String(args.path)} exists: pass overwrite: true to replace it. Nothing was sent.`,
        );
      const bytes = await flow.files.download(String(args.file_id), target, options);
      return success({ file_id: args.file_id, path: target, bytes });
    }
    default: {
      const data = await flow.request(row.operation as "getDataJob", input as never, options);
      return success(data === undefined ? { ...input.path, deleted: true } : data);
    }
  }
}

async function waitForJob(
  args: Record<string, unknown>,
  context: ToolContext,
): Promise<CallToolResult> {
  const id = String(args.data_job_id);
  const until = args.until as AnyDataJobStatus | undefined;
  const started = Date.now();
  const answer = (job: DataJobDetail | undefined, reached: boolean, next: string) =>
    success({ reached, ...(job ? { job } : {}), next });
  try {
    const job = await context.flow.dataJobs.waitFor(id, {
      ...(until ? { until } : {}),
      timeoutMs: context.waitMs,
      ...(context.pollMs ? { intervalMs: context.pollMs, maxIntervalMs: context.pollMs } : {}),
      signal: context.signal,
      onProgress: (seen) =>
        void context.progress(
          Date.now() - started,
          `${seen.status}${seen.alignment_job?.progress === undefined ? "" : ` ${seen.alignment_job.progress}%`}`,
        ),
    });
    return answer(
      job,
      true,
      job.status === "completed" || until ? "done" : `the job ended ${job.status}`,
    );
  } catch (error) {
    if (error instanceof WaitTimeoutError)
      return answer(
        error.job,
        false,
        `not ${until ?? "finished"} yet: call wait_for_data_job again`,
      );
    if (error instanceof DataJobStateError)
      return answer(
        error.job,
        false,
        `the job waits for its owner: ${error.nextStep ?? error.message}`,
      );
    throw error;
  }
}
