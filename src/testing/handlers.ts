/**
 * What the stand-in does for each operation, given input that the document already allowed:
 * the behavioural rules the document does not hold (README: the stand-in's rules), over the
 * state in ./state.ts.
 */
import type { OperationId } from "../generated/operations.js";
import type {
  DataJobCreateRequest,
  DataJobDetail,
  DataJobUpdateRequest,
  FilePurpose,
} from "../types.js";
import { detail, json, notFound } from "./answers.js";
import type { StandInState } from "./state.js";

/** One operation's behaviour, given its decoded input. */
type Handler = (context: Context) => Promise<Response> | Response;
/** An operation's input, as the validators passed it, and the state to act on. */
export interface Context {
  /** The path parameters, decoded. */
  params: Record<string, string>;
  /** The query, with the document's defaults filled in. */
  query: Record<string, unknown>;
  /** The JSON body, or the multipart form's fields (files as Blobs, `files` a list for bulk). */
  body: Record<string, unknown>;
  state: StandInState;
}

/** Sorts by `sort_by` and `sort_order` as the document names them, then pages. */
function listed<T extends Record<string, unknown>>(items: T[], query: Record<string, unknown>) {
  const key = String(query.sort_by);
  const direction = query.sort_order === "asc" ? 1 : -1;
  const sorted = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const [x, y] = [a.item[key], b.item[key]];
      const order =
        x === y
          ? 0
          : x === null || x === undefined
            ? -1
            : y === null || y === undefined
              ? 1
              : x < y
                ? -1
                : 1;
      // Ties keep creation order, in the asked direction.
      return (order || a.index - b.index) * direction;
    })
    .map(({ item }) => item);
  const offset = Number(query.offset ?? 0);
  const limit = Number(query.limit ?? sorted.length);
  return { object: "list", data: sorted.slice(offset, offset + limit) };
}

function withJob(state: StandInState, id: string, then: (job: DataJobDetail) => Response) {
  const job = state.view(id);
  return job ? then(job) : notFound("Data job");
}

/** A job's files can change only before it starts. */
function filesFrozen(job: DataJobDetail): Response | undefined {
  return job.alignment_job
    ? detail(409, `Data job is ${job.status}; files can only change before it starts.`)
    : undefined;
}

/** What each operation does, by operationId: the stand-in's model of the API. */
export const HANDLERS: Record<OperationId, Handler> = {
  createDataJob: ({ body, state }) => json(state.createJob(body as DataJobCreateRequest), 201),
  listDataJobs({ query, state }) {
    const jobs = state
      .jobIds()
      .map((id) => state.view(id)!)
      .filter((job) => !query.job_type || job.job_type === query.job_type)
      .map(
        ({
          additional_alignment_file_ids,
          ingestion_jobs,
          alignment_job,
          files,
          fine_tuning_job_ids,
          timeline,
          ...job
        }) => job,
      );
    return json(listed(jobs, query));
  },
  getDataJob: ({ params, state }) => withJob(state, params.data_job_id!, (job) => json(job)),
  updateDataJob: ({ params, body, state }) =>
    withJob(state, params.data_job_id!, (job) => {
      state.update(job.id, body as DataJobUpdateRequest);
      return json(state.view(job.id));
    }),
  deleteDataJob: ({ params, state }) =>
    state.deleteJob(params.data_job_id!)
      ? new Response(null, { status: 204 })
      : notFound("Data job"),
  addDataJobFiles: ({ params, body, state }) =>
    withJob(state, params.data_job_id!, (job) => {
      const ids = body.file_ids as string[];
      const missing = ids.find((id) => !state.files.has(id));
      if (missing !== undefined) return notFound(`File ${JSON.stringify(missing)}`);
      return (
        filesFrozen(job) ??
        (state.setFiles(job.id, [...new Set([...state.fileIdsOf(job.id), ...ids])]),
        json(state.view(job.id)))
      );
    }),
  removeDataJobFiles: ({ params, body, state }) =>
    withJob(state, params.data_job_id!, (job) => {
      const ids = body.file_ids as string[];
      return (
        filesFrozen(job) ??
        (state.setFiles(
          job.id,
          state.fileIdsOf(job.id).filter((id) => !ids.includes(id)),
        ),
        json(state.view(job.id)))
      );
    }),
  startDataJob: async ({ params, state }) => {
    const job = state.view(params.data_job_id!);
    if (!job) return notFound("Data job");
    if (job.status !== "ready_to_start")
      return detail(409, `Data job is not ready to start (status ${job.status}).`);
    await state.start(job.id);
    return json(state.view(job.id));
  },
  cancelDataJob: ({ params, state }) =>
    withJob(state, params.data_job_id!, (job) => {
      if (!["pending", "queued", "running"].includes(job.status))
        return detail(409, `Data job is ${job.status}: nothing to cancel.`);
      state.cancel(job.id);
      return json(state.view(job.id));
    }),
  cloneDataJob: ({ params, body, state }) =>
    withJob(state, params.data_job_id!, (job) => {
      const { job_type, system_prompt, instructions, vector_database_id } = job;
      const name = typeof body.name === "string" ? body.name : `${job.name} (copy)`.slice(0, 255);
      const copy = state.createJob(
        { name, job_type, system_prompt, instructions, vector_database_id } as DataJobCreateRequest,
        job.id,
      );
      state.setFiles(copy.id, state.fileIdsOf(job.id));
      return json(state.view(copy.id), 201);
    }),
  generateSystemPrompt: ({ body }) =>
    json({ system_prompt: `You are a helpful assistant. ${String(body.instructions)}` }),
  listAlignmentOutputs({ params, state }) {
    const outputs = state.outputsOf(params.alignment_job_id!);
    return outputs ? json(outputs) : notFound("Alignment job");
  },
  uploadFile({ body, state }) {
    const file = body.files as File;
    return json(state.addFile(file.name, body.purpose as FilePurpose, file));
  },
  uploadFiles({ body, state }) {
    const files = body.files as File[];
    return json(files.map((file) => state.addFile(file.name, body.purpose as FilePurpose, file)));
  },
  listFiles({ query, state }) {
    const files = [...state.files.values()]
      .map((f) => f.meta)
      .filter((f) => !query.purpose || f.purpose === query.purpose);
    return json(listed(files, query));
  },
  getFile({ params, state }) {
    const file = state.files.get(params.file_id!);
    return file ? json(file.meta) : notFound("File");
  },
  getFileContent({ params, state }) {
    const file = state.files.get(params.file_id!);
    if (!file) return notFound("File");
    return new Response(file.content, {
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(file.content.size),
      },
    });
  },
  deleteFile({ params, state }) {
    const id = params.file_id!;
    return state.files.delete(id) ? json({ id, object: "file", deleted: true }) : notFound("File");
  },
};

