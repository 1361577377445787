/**
 * The tools: one per operation of the document (./generated/tools.ts, from `npm run generate`),
 * each called through `SeekrFlow` so that validation, retries, timeouts and typed errors are the
 * client's; uploads and downloads with local paths under the allowed roots; and two of the
 * server's own: `wait_for_data_job`, a bounded wait an agent calls again until the job gets where
 * it should, and `list_data_job_outputs`, a data job's dataset files from its id alone.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { DataJobStateError, JOB_STATUSES, WaitTimeoutError } from "seekrflow-client";
import type { AnyDataJobStatus, DataJobDetail, FilePurpose } from "seekrflow-client";
import type { SeekrFlow } from "seekrflow-client/node";
import { stat } from "node:fs/promises";
import { toolTable } from "./generated/tools.js";
import { nextStep, OUTPUTS_TOOL, toolFor, WAIT_TOOL_NAME } from "./next-steps.js";
import { allowedPath } from "./roots.js";
import { failure, failureOf, refusal, success } from "./results.js";
import { type ListPage, shapeJob, shapePage } from "./shape.js";

type Row = (typeof toolTable)[number];
type Json = Record<string, unknown>;

/** What a tool call runs with. */
export interface ToolContext {
  flow: SeekrFlow;
  /** The folders local files may be under; empty when none was given. */
  roots: readonly string[];
  signal: AbortSignal;
  /** The longest one `wait_for_data_job` call waits, in ms. */
  waitMs: number;
  /** The pause between polls of `wait_for_data_job`, in ms (default: the client's backoff). */
  pollMs: number | undefined;
  /** Reports the job's progress (percent of 100) when the caller sent a progress token. */
  progress: (percent: number, message: string) => Promise<void>;
}

const getJob = toolTable.find((tool) => tool.operation === "getDataJob")!;
const jobId = (getJob.inputSchema.properties as Record<string, object>).data_job_id!;

/** A tool that only reads from the API, safe to repeat. */
const READS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;

/** `wait_for_data_job`: no operation of its own; its id is the document's, its statuses too. */
const WAIT_TOOL: Tool = {
  name: WAIT_TOOL_NAME,
  title: "Wait for a data job",
  description:
    "Waits (a bounded time per call) until a data job reaches a status, by default one it never leaves (completed, failed, cancelled, stopped), and returns `{ reached, job, next }`: `next` says what to call next. Not reached yet: call it again. A job that waits for its owner (needs_review; ready_to_start unless that is the status waited for) is returned at once.",
  inputSchema: {
    type: "object",
    properties: {
      data_job_id: jobId,
      until: {
        type: "string",
        enum: [...JOB_STATUSES],
        description: "The status to wait for; by default one the job never leaves.",
      },
    },
    required: ["data_job_id"],
    additionalProperties: false,
  },
  annotations: READS,
};

/** `list_data_job_outputs`: the alignment job looked up, so that an agent needs the data job's id only. */
const OUTPUTS: Tool = {
  name: OUTPUTS_TOOL,
  title: "List a data job's outputs",
  description: `Lists the files a started data job produced, from its data_job_id alone, and returns \`{ data, dataset }\`: \`dataset\` is the output with purpose fine-tune, the dataset to download with ${toolFor("getFileContent")} (null until there is one).`,
  inputSchema: {
    type: "object",
    properties: { data_job_id: jobId },
    required: ["data_job_id"],
    additionalProperties: false,
  },
  annotations: READS,
};

/** get_data_job also pages through one of the job's long lists, as an answer's `more` names it. */
const PAGING = {
  list: {
    type: "string",
    description:
      'A list of the job to page through, as `more` in an answer names it ("timeline", "files", "ingestion_jobs.0.records").',
  },
  offset: { type: "integer", minimum: 0, default: 0, description: "Where in that list to start." },
} as const;

/** Every tool as `tools/list` shows it. */
export const TOOLS: readonly Tool[] = [
  ...toolTable.map(({ name, title, description, inputSchema, annotations, ...rest }): Tool => ({
    name,
    title,
    description,
    // The generated table is deeply readonly; the SDK's types are not.
    inputSchema: (name === getJob.name
      ? { ...inputSchema, properties: { ...inputSchema.properties, ...PAGING } }
      : inputSchema) as unknown as Tool["inputSchema"],
    ...("outputSchema" in rest
      ? { outputSchema: rest.outputSchema as unknown as Tool["outputSchema"] }
      : {}),
    annotations,
  })),
  WAIT_TOOL,
  OUTPUTS,
].sort((a, b) => a.name.localeCompare(b.name));

/**
 * The top-level fields `args` has that the tool does not take, and the tool's own required
 * inputs it lacks (a local path, the job to wait on). What goes to the API (its path, query and
 * body fields) is judged by the document's validators when the call is made, as every call is.
 */
function checkShape(tool: Tool, args: Json): string[] {
  const properties = tool.inputSchema.properties ?? {};
  const sent = (toolTable.find((row) => row.name === tool.name)?.fields ?? {}) as Record<
    string,
    string
  >;
  return [
    ...Object.keys(args)
      .filter((key) => !(key in properties))
      .map((key) => `${key}: is not an input of ${tool.name}`),
    ...(tool.inputSchema.required ?? [])
      .filter((key) => args[key] === undefined && (sent[key] ?? "local") === "local")
      .map((key) => `${key}: is required`),
  ];
}

/** Calls `name` with `args`; every failure is a result with `isError`, never a thrown error. */
export async function callTool(
  name: string,
  args: Json,
  context: ToolContext,
): Promise<CallToolResult> {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) return refusal(`There is no tool ${name} (see tools/list)`);
  const problems = checkShape(tool, args);
  if (problems.length) return refusal("The input is not what the tool takes", problems);
  try {
    if (name === WAIT_TOOL.name) return await waitForJob(String(args.data_job_id), args, context);
    if (name === OUTPUTS.name) return await jobOutputs(String(args.data_job_id), context);
    return await callOperation(
      toolTable.find((t) => t.name === name)!,
      args,
      context,
    );
  } catch (error) {
    return failureOf(error);
  }
}

/** A data job's answer as an agent can afford it (./shape.ts). */
const jobAnswer = (job: DataJobDetail, page?: ListPage) =>
  shapeJob(job as unknown as Json, getJob.name, page);

async function callOperation(
  row: Row,
  args: Json,
  { flow, roots, signal }: ToolContext,
): Promise<CallToolResult> {
  const { list, offset, ...rest } = args;
  const page =
    row === getJob && list !== undefined
      ? { list: String(list), offset: Number(offset ?? 0) }
      : undefined;
  const fields = row.fields as Record<string, string>;
  const input: { path: Json; query: Json; body?: Json } = { path: {}, query: {} };
  // An operation with a body is sent one, `{}` when no field is given, as the facade does.
  if (Object.values(fields).includes("body")) input.body = {};
  for (const [key, value] of Object.entries(row === getJob ? rest : args)) {
    const place = fields[key];
    if (place === "path" || place === "query") input[place][key] = value;
    else if (place === "body") input.body![key] = value;
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
        await flow.files.uploadTogether(files, {
          purpose: input.body!.purpose as FilePurpose,
          ...options,
        }),
      );
    }
    case "getFileContent": {
      const target = await allowedPath(String(args.path), roots, "write");
      if (args.overwrite !== true && (await stat(target).catch(() => undefined)))
        return refusal(`${String(args.path)} exists: pass overwrite: true to replace it`);
      // Passed as given: a missing file_id is refused by the call's validation, nothing sent.
      const bytes = await flow.files.download(args.file_id as string, target, options);
      return success({ file_id: args.file_id, path: target, bytes });
    }
    default: {
      const data = await flow.request(row.operation as "getDataJob", input as never, options);
      if (data === undefined) return success({ ...input.path, deleted: true });
      if (row === getJob || ("sameOutputAs" in row && row.sameOutputAs === getJob.name))
        return success(jobAnswer(data, page));
      return success(shapePage(data as unknown as Json, row.name, Number(input.query.offset ?? 0)));
    }
  }
}

async function jobOutputs(id: string, { flow, signal }: ToolContext): Promise<CallToolResult> {
  try {
    const data = await flow.dataJobs.outputs(id, { signal });
    const dataset = data.find((output) => output.purpose === "fine-tune") ?? null;
    return success({
      data,
      dataset,
      ...(dataset
        ? {
            next: `call ${toolFor("getFileContent")} with file_id ${JSON.stringify(dataset.id)} and a path such as ${JSON.stringify(dataset.filename)}`,
          }
        : {}),
    });
  } catch (error) {
    if (error instanceof DataJobStateError)
      return failure(
        `Data job ${id} is ${error.job.status}: it has no outputs before it is started. Next: ${nextStep(error.job.status, id) ?? `call ${WAIT_TOOL_NAME} with data_job_id ${JSON.stringify(id)}`}.`,
        error.reasons,
      );
    throw error;
  }
}

async function waitForJob(id: string, args: Json, context: ToolContext): Promise<CallToolResult> {
  const until = args.until as AnyDataJobStatus | undefined;
  const answer = (job: DataJobDetail | undefined, reached: boolean, next: string) =>
    success({ reached, ...(job ? { job: jobAnswer(job) } : {}), next });
  let sent = -1;
  try {
    const job = await context.flow.dataJobs.waitFor(id, {
      ...(until ? { until } : {}),
      timeoutMs: context.waitMs,
      ...(context.pollMs ? { intervalMs: context.pollMs, maxIntervalMs: context.pollMs } : {}),
      signal: context.signal,
      onProgress: (seen) => {
        // The job's own progress, as MCP wants it: a number that only grows.
        const percent = Number(seen.alignment_job?.progress ?? 0);
        if (percent <= sent) return;
        sent = percent;
        const step = seen.alignment_job?.current_step;
        void context.progress(percent, `${seen.status}${step ? `, ${step}` : ""}, ${percent}%`);
      },
    });
    return answer(
      job,
      true,
      until
        ? `reached ${job.status}${nextStep(job.status, id) ? `: ${nextStep(job.status, id)}` : ""}`
        : (nextStep(job.status, id) ?? `the job is ${job.status}`),
    );
  } catch (error) {
    const again = `call ${WAIT_TOOL_NAME} with data_job_id ${JSON.stringify(id)} again`;
    if (error instanceof WaitTimeoutError)
      return answer(error.job, false, `not ${until ?? "finished"} yet: ${again}`);
    if (error instanceof DataJobStateError)
      return answer(
        error.job,
        false,
        `the job waits for its owner: ${nextStep(error.job.status, id) ?? `it is ${error.job.status}`}`,
      );
    throw error;
  }
}
