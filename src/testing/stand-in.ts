/**
 * A stateful stand-in of the SeekrFlow data jobs API on 127.0.0.1, for tests, examples and demos
 * without the real API. It answers as the OpenAPI document says (its own tests check every
 * response against the document) and checks requests with the document's validators.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { OperationId } from "../generated/operations.js";
import * as validators from "../generated/validators.js";
import { findOperation, type MatchedOperation } from "../core/operations.js";
import type { DataJobCreateRequest, DataJobDetail, FilePurpose } from "../types.js";
import { type ClockOption, StandInClock } from "./clock.js";
import { type LifecycleOptions, StandInState } from "./state.js";

/** Options of `startStandIn`. */
export interface StandInOptions extends LifecycleOptions {
  /** The port on 127.0.0.1. @default a free one */
  port?: number;
  /** The only key accepted. @default any key that is not empty and has no `Bearer ` prefix */
  apiKey?: string;
  /**
   * How time moves for the lifecycle. `"real"` for demos; `"manual"` for tests: jobs move only on
   * `advance(ms)` or `settle(jobId, status)`; `{ mode: "manual", stepMs }` also moves the clock
   * `stepMs` before each request, for a client in another process that polls. @default "real"
   */
  clock?: ClockOption;
}

/** A request the stand-in received. */
export interface SeenRequest {
  method: string;
  path: string;
  /** The query string, without the `?` ("" when there is none). */
  query: string;
  operation: OperationId | undefined;
}

/** A running stand-in server. */
export interface StandIn {
  /** The base URL to give the client, `http://127.0.0.1:PORT`. */
  url: string;
  /** Every request received, in order. */
  requests: SeenRequest[];
  /** The uploaded files and their bytes, by id. */
  files: StandInState["files"];
  /**
   * Answers the next `count` requests with `status`, `headers` and a JSON `body` (default
   * `{ "detail": "Injected failure." }`) instead of handling them.
   */
  failNext(status: number, count?: number, headers?: Record<string, string>, body?: unknown): void;
  /** Moves a manual clock forward by `ms` (throws with the real clock). */
  advance(ms: number): void;
  /**
   * Moves a manual clock to the first moment the job shows `status`, and returns the job then.
   * Throws when the job cannot get there without a request (start it, add files) or on its own.
   */
  settle(jobId: string, status: DataJobDetail["status"]): DataJobDetail;
  /** The stand-in as a `fetch` function, without a socket (for unit tests and benchmarks). */
  handle(request: Request): Promise<Response>;
  /** Stops the server and closes its connections. */
  close(): Promise<void>;
}

type Handler = (context: Context) => Promise<Response> | Response;
interface Context {
  request: Request;
  /** The path parameters' values, decoded, in the template's order. */
  params: string[];
  query: URLSearchParams;
  state: StandInState;
}

const json = (body: unknown, status = 200): Response => Response.json(body, { status });
const detail = (status: number, message: string): Response => json({ detail: message }, status);
const notFound = (what: string): Response => detail(404, `${what} not found.`);

const HANDLERS: Record<OperationId, Handler> = {
  async createDataJob({ request, state }) {
    return json(state.createJob((await request.json()) as DataJobCreateRequest), 201);
  },
  listDataJobs({ query, state }) {
    const type = query.get("job_type");
    const jobs = state
      .jobIds()
      .map((id) => state.view(id)!)
      .filter((job) => !type || job.job_type === type)
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
    return json({ object: "list", data: page(jobs, query, 25) });
  },
  getDataJob: ({ params, state }) => withJob(state, params[0]!, (job) => json(job)),
  async updateDataJob({ request, params, state }) {
    const changes = (await request.json()) as Partial<DataJobCreateRequest>;
    return withJob(state, params[0]!, () => {
      state.update(params[0]!, changes);
      return json(state.view(params[0]!));
    });
  },
  deleteDataJob: ({ params, state }) =>
    state.deleteJob(params[0]!) ? new Response(null, { status: 204 }) : notFound("Data job"),
  async addDataJobFiles({ request, params, state }) {
    const { file_ids } = (await request.json()) as { file_ids: string[] };
    return withJob(state, params[0]!, (job) => {
      if (job.alignment_job)
        return detail(409, `Data job is ${job.status}; files can only change before it starts.`);
      const missing = file_ids.find((id) => !state.files.has(id));
      if (missing) return notFound(`File ${missing}`);
      state.setFiles(job.id, [...new Set([...state.fileIdsOf(job.id), ...file_ids])]);
      return json(state.view(job.id));
    });
  },
  async removeDataJobFiles({ request, params, state }) {
    const { file_ids } = (await request.json()) as { file_ids: string[] };
    return withJob(state, params[0]!, (job) => {
      if (job.alignment_job)
        return detail(409, `Data job is ${job.status}; files can only change before it starts.`);
      state.setFiles(
        job.id,
        state.fileIdsOf(job.id).filter((id) => !file_ids.includes(id)),
      );
      return json(state.view(job.id));
    });
  },
  startDataJob: ({ params, state }) =>
    withJob(state, params[0]!, (job) => {
      if (job.status !== "ready_to_start")
        return detail(409, `Data job is not ready to start (status ${job.status}).`);
      state.start(job.id);
      return json(state.view(job.id));
    }),
  cancelDataJob: ({ params, state }) =>
    withJob(state, params[0]!, (job) => {
      if (!["pending", "queued", "running"].includes(job.status))
        return detail(409, `Data job is ${job.status}: nothing to cancel.`);
      state.cancel(job.id);
      return json(state.view(job.id));
    }),
  async cloneDataJob({ request, params, state }) {
    const { name } = (await request.json()) as { name?: string | null };
    return withJob(state, params[0]!, (job) => {
      const { name: original, job_type, system_prompt, instructions, vector_database_id } = job;
      const request = {
        name: name ?? `${original} (copy)`,
        job_type,
        system_prompt,
        instructions,
        vector_database_id,
      };
      const copy = state.createJob(request as DataJobCreateRequest, job.id);
      state.setFiles(copy.id, state.fileIdsOf(job.id));
      return json(state.view(copy.id), 201);
    });
  },
  async generateSystemPrompt({ request }) {
    const { instructions } = (await request.json()) as { instructions: string };
    return json({ system_prompt: `You are a helpful assistant. ${instructions}` });
  },
  listAlignmentOutputs({ params, state }) {
    const outputs = state.outputsOf(params[0]!);
    return outputs ? json(outputs) : notFound("Alignment job");
  },
  async uploadFile({ request, state }) {
    const form = await request.formData();
    const file = form.get("files");
    if (!(file instanceof File)) return invalid(["body", "files"], "Field required", "missing");
    const bytes = new Uint8Array(await file.arrayBuffer());
    return json(state.addFile(file.name, form.get("purpose") as FilePurpose, bytes));
  },
  async uploadFiles({ request, state }) {
    const form = await request.formData();
    const files = form.getAll("files").filter((part) => typeof part !== "string");
    if (files.length === 0) return invalid(["body", "files"], "Field required", "missing");
    const purpose = form.get("purpose") as FilePurpose;
    const stored = [];
    for (const file of files)
      stored.push(state.addFile(file.name, purpose, new Uint8Array(await file.arrayBuffer())));
    return json(stored);
  },
  listFiles({ query, state }) {
    const purpose = query.get("purpose");
    const files = [...state.files.values()]
      .map((f) => f.meta)
      .filter((f) => !purpose || f.purpose === purpose);
    return json({ object: "list", data: page(files, query, 250) });
  },
  getFile({ params, state }) {
    const file = state.files.get(params[0]!);
    return file ? json(file.meta) : notFound("File");
  },
  getFileContent({ params, state }) {
    const file = state.files.get(params[0]!);
    if (!file) return notFound("File");
    return new Response(file.bytes, { headers: { "content-type": "application/octet-stream" } });
  },
  deleteFile({ params, state }) {
    const id = params[0]!;
    return state.files.delete(id) ? json({ id, object: "file", deleted: true }) : notFound("File");
  },
};

function withJob(
  state: StandInState,
  rawId: string,
  then: (job: DataJobDetail) => Response,
): Response {
  const job = state.view(rawId);
  return job ? then(job) : notFound("Data job");
}

function page<T>(items: T[], query: URLSearchParams, defaultLimit: number): T[] {
  const limit = Number(query.get("limit") ?? defaultLimit);
  const offset = Number(query.get("offset") ?? 0);
  return items.slice(offset, offset + limit);
}

function invalid(loc: (string | number)[], msg: string, type: string): Response {
  return json({ detail: [{ loc, msg, type }] }, 422);
}

/** Checks path, query and JSON body with the document's validators, answering 422 as the server would. */
async function validationFailure(
  route: MatchedOperation & { params: Record<string, string> },
  request: Request,
  query: URLSearchParams,
): Promise<Response | undefined> {
  const queryObject: Record<string, unknown> = {};
  for (const [key, value] of query)
    queryObject[key] = /^-?\d+$/.test(value) ? Number(value) : value;
  const input: Record<string, unknown> = {
    path: route.params,
    query: queryObject,
  };
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    try {
      input.body = await request.clone().json();
    } catch {
      return invalid(["body"], "Invalid JSON", "json_invalid");
    }
  } else if (type.includes("multipart/form-data")) {
    const form = await request.clone().formData();
    input.body = Object.fromEntries(
      [...new Set(form.keys())].map((key) => [
        key,
        key === "files" && route.id === "uploadFiles" ? form.getAll(key) : form.get(key),
      ]),
    );
  }
  const validate = validators[route.id];
  if (validate(input)) return undefined;
  const detail = (validate.errors ?? []).map((e) => ({
    loc: e.instancePath.split("/").filter(Boolean),
    msg: e.message ?? "invalid",
    type: e.keyword,
  }));
  return json({ detail }, 422);
}

/** Starts a stand-in server on 127.0.0.1. */
export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const clock = new StandInClock(options.clock);
  const state = new StandInState(clock, options);
  const requests: SeenRequest[] = [];
  const faults: { status: number; headers: Record<string, string>; body: unknown }[] = [];

  async function handle(request: Request): Promise<Response> {
    clock.tick();
    const url = new URL(request.url);
    const route = findOperation(request.method, url.pathname);
    requests.push({
      method: request.method,
      path: url.pathname,
      query: url.search.slice(1),
      operation: route?.id,
    });
    const key = request.headers.get("authorization");
    if (
      !key ||
      /^bearer\s/i.test(key) ||
      (options.apiKey !== undefined && key !== options.apiKey)
    ) {
      return detail(401, "Invalid API key.");
    }
    const fault = faults.shift();
    if (fault)
      return new Response(JSON.stringify(fault.body), {
        status: fault.status,
        headers: { "content-type": "application/json", ...fault.headers },
      });
    if (!route?.params) return detail(404, "Not Found");
    const failure = await validationFailure(
      { ...route, params: route.params },
      request,
      url.searchParams,
    );
    if (failure) return failure;
    const params = Object.values(route.params);
    return HANDLERS[route.id]({ request, params, query: url.searchParams, state });
  }

  const server = createServer((req, res) => {
    void serve(req, res, handle);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    files: state.files,
    failNext(status, count = 1, headers = {}, body = { detail: "Injected failure." }) {
      for (let i = 0; i < count; i++) faults.push({ status, headers, body });
    },
    advance: (ms) => clock.advance(ms),
    settle(jobId, status) {
      if (!clock.manual) throw new Error('settle() needs startStandIn({ clock: "manual" })');
      for (;;) {
        const job = state.view(jobId);
        if (!job) throw new Error(`settle(): no data job ${jobId}`);
        if (job.status === status) return job;
        const next = state.changesAhead(jobId)[0];
        if (next === undefined)
          throw new Error(
            `settle(): data job ${jobId} is ${job.status} and will not become ${status} without a request`,
          );
        clock.advance(next - clock.now());
      }
    },
    handle,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Bridges node:http to the web `Request`/`Response` handler. */
async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (request: Request) => Promise<Response>,
): Promise<void> {
  try {
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url}`, {
      method: req.method!,
      headers: req.headers as Record<string, string>,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
    } as RequestInit);
    const response = await handle(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) for await (const chunk of response.body) res.write(chunk);
    res.end();
  } catch (error) {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ detail: `Stand-in failure: ${(error as Error).message}` }));
  }
}
