/**
 * A stateful stand-in of the SeekrFlow data jobs API on 127.0.0.1, for tests, examples and demos
 * without the real API. What it knows of the API it reads from the document: routes, methods,
 * query defaults and every request check come from the generated table and validators, and every
 * response it sends is checked against the document before it leaves (a mismatch is a 500 that
 * says "stand-in bug" and is listed in `problems`, never a silent wrong answer).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { findOperation, operationsAt } from "../core/operations.js";
import { type OperationId, operations } from "../generated/operations.js";
import * as validators from "../generated/validators.js";
import type {
  DataJobCreateRequest,
  DataJobDetail,
  DataJobUpdateRequest,
  FilePurpose,
} from "../types.js";
import { type ClockOption, StandInClock } from "./clock.js";
import { fastApiError } from "./fastapi-errors.js";
import { responseProblem } from "./stand-in-response-check.js";
import { type LifecycleOptions, StandInState } from "./state.js";

/** Options of `startStandIn`. */
export interface StandInOptions extends LifecycleOptions {
  /** The port on 127.0.0.1. @default a free one */
  port?: number;
  /**
   * The only key accepted. Pass one: a client with a wrong key then fails as it would against
   * SeekrFlow. @default any key that is not empty and has no `Bearer ` prefix
   */
  apiKey?: string;
  /**
   * How time moves for the lifecycle. `"real"` for demos; `"manual"` for tests: jobs move only on
   * `advance(ms)` or `settle(jobId, status)`; `{ mode: "manual", stepMs }` also moves the clock
   * `stepMs` before each request, for a client in another process that polls. @default "real"
   */
  clock?: ClockOption;
  /** The largest request body accepted; a larger one is answered 413 unread. @default 64 MiB */
  maxBodyBytes?: number;
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
  /** The uploaded files and their content, by id. */
  files: StandInState["files"];
  /** Every answer the stand-in caught breaking the document (each was sent as a 500): its bugs. */
  problems: string[];
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
  /** The path parameters, decoded. */
  params: Record<string, string>;
  /** The query, with the document's defaults filled in. */
  query: Record<string, unknown>;
  /** The JSON body, or the multipart form's fields (files as Blobs, `files` a list for bulk). */
  body: Record<string, unknown>;
  state: StandInState;
}

const json = (body: unknown, status = 200): Response => Response.json(body, { status });
const detail = (status: number, message: string): Response => json({ detail: message }, status);
const notFound = (what: string): Response => detail(404, `${what} not found.`);
const MiB = 1024 * 1024;

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

const HANDLERS: Record<OperationId, Handler> = {
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
  startDataJob: ({ params, state }) =>
    withJob(state, params.data_job_id!, (job) => {
      if (job.status !== "ready_to_start")
        return detail(409, `Data job is not ready to start (status ${job.status}).`);
      state.start(job.id);
      return json(state.view(job.id));
    }),
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
    return new Response(file.content, { headers: { "content-type": "application/octet-stream" } });
  },
  deleteFile({ params, state }) {
    const id = params.file_id!;
    return state.files.delete(id) ? json({ id, object: "file", deleted: true }) : notFound("File");
  },
};

/** Query values as the document types them: a whole number where the text is one. */
function queryOf(url: URL, operation: OperationId): Record<string, unknown> {
  const query: Record<string, unknown> = { ...operations[operation].queryDefaults };
  for (const [key, value] of url.searchParams)
    query[key] = /^-?\d+$/.test(value) ? Number(value) : value;
  return query;
}

/** The body as the validators see it, or the answer for a body that cannot be read. */
async function bodyOf(
  request: Request,
  operation: OperationId,
): Promise<{ body?: unknown } | Response> {
  const kind = operations[operation].body;
  if (kind === "none") return {};
  const type = request.headers.get("content-type") ?? "";
  if (kind === "json") {
    const text = await request.text();
    if (text === "") return {};
    try {
      return { body: JSON.parse(text) };
    } catch (error) {
      return json(
        {
          detail: [
            {
              loc: ["body", 0],
              msg: `JSON decode error`,
              type: "json_invalid",
              input: {},
              ctx: { error: (error as Error).message },
            },
          ],
        },
        422,
      );
    }
  }
  if (!type.includes("multipart/form-data")) return {};
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    // A body over the limit is a 413 however it was sent, chunked included.
    if (error instanceof BodyTooLarge) throw error;
    return detail(400, "There was an error parsing the body");
  }
  const body: Record<string, unknown> = {};
  const files = new Map(operations[operation].fileFields.map((f) => [f.name as string, f.list]));
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key);
    const list = files.get(key);
    body[key] = list ? values : values.at(-1);
    // A file field must carry files, as FastAPI's UploadFile insists.
    const text = list !== undefined ? values.find((value) => typeof value === "string") : undefined;
    if (text !== undefined)
      return json(
        {
          detail: [
            {
              type: "value_error",
              loc: ["body", key],
              msg: "Value error, Expected UploadFile, received: <class 'str'>",
              input: text,
              ctx: { error: {} },
            },
          ],
        },
        422,
      );
  }
  return { body };
}

/** Starts a stand-in server on 127.0.0.1. */
export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const clock = new StandInClock(options.clock);
  const state = new StandInState(clock, options);
  const requests: SeenRequest[] = [];
  const problems: string[] = [];
  const faults: { status: number; headers: Record<string, string>; body: unknown }[] = [];
  const maxBodyBytes = options.maxBodyBytes ?? 64 * MiB;

  /**
   * The answer to a request, and its operation. `served` says the operation answered it (a
   * check of its input or its handler), so the document's responses for it apply; the key check,
   * injected failures and the size limit answer before that.
   */
  async function route(
    request: Request,
    url: URL,
  ): Promise<{ response: Response; operation?: OperationId; served?: boolean }> {
    const matched = findOperation(request.method, url.pathname);
    if (!matched)
      return { response: methodNotAllowed(operationsAt(url.pathname)) ?? detail(404, "Not Found") };
    const operation = matched.id;
    const key = request.headers.get("authorization");
    if (!key || /^bearer\s/i.test(key) || (options.apiKey !== undefined && key !== options.apiKey))
      return { response: detail(401, "Invalid API key."), operation };
    const fault = faults.shift();
    if (fault) {
      // An injected failure still takes the body first, as a server does: a client still sending
      // would otherwise meet a closed connection instead of the answer.
      await request.arrayBuffer().catch(() => undefined);
      const headers = { "content-type": "application/json", ...fault.headers };
      return {
        response: new Response(JSON.stringify(fault.body), { status: fault.status, headers }),
        operation,
      };
    }
    if (Number(request.headers.get("content-length") ?? 0) > maxBodyBytes)
      return { response: detail(413, `Request body over ${maxBodyBytes} bytes.`), operation };
    const params = matched.params;
    if (!params) return { response: detail(404, "Not Found"), operation, served: true };
    const read = await bodyOf(request, operation);
    if (read instanceof Response) return { response: read, operation, served: true };
    const input = {
      path: params,
      query: queryOf(url, operation),
      header: Object.fromEntries(request.headers),
      ...("body" in read ? { body: read.body } : {}),
    };
    const validate = validators[operation];
    if (!validate(input)) {
      const errors = (validate.errors ?? []).map((issue) => fastApiError(issue, input));
      return { response: json({ detail: errors }, 422), operation, served: true };
    }
    const response = await HANDLERS[operation]({
      params,
      query: input.query,
      body: (read.body ?? {}) as Record<string, unknown>,
      state,
    });
    return { response, operation, served: true };
  }

  /** The answer, unless it breaks the document: then a 500 that says so, and a problem listed. */
  async function checked(operation: OperationId, response: Response): Promise<Response> {
    const problem = await responseProblem(operation, response);
    if (!problem) return response;
    problems.push(problem);
    return detail(500, `stand-in bug: ${problem}`);
  }

  async function handle(request: Request): Promise<Response> {
    clock.tick();
    state.publishDue();
    const url = new URL(request.url);
    const origin = request.headers.get("origin");
    const cors = origin && isLoopback(origin) ? corsHeaders(origin) : undefined;
    if (
      request.method === "OPTIONS" &&
      cors &&
      request.headers.has("access-control-request-method")
    )
      return new Response(null, { status: 204, headers: cors });
    const { response, operation, served } = await route(request, url).catch((error: unknown) => {
      if (error instanceof BodyTooLarge)
        return { response: detail(413, error.message), operation: undefined, served: false };
      const problem = `${request.method} ${url.pathname} threw ${String(error)}`;
      problems.push(problem);
      return {
        response: detail(500, `stand-in bug: ${problem}`),
        operation: undefined,
        served: false,
      };
    });
    requests.push({
      method: request.method,
      path: url.pathname,
      query: url.search.slice(1),
      operation,
    });
    const answer = served && operation ? await checked(operation, response) : response;
    if (cors) for (const [name, value] of Object.entries(cors)) answer.headers.set(name, value);
    return answer;
  }

  const server = createServer((req, res) => {
    void serve(req, res, handle, maxBodyBytes);
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
    problems,
    failNext(status, count = 1, headers = {}, body = { detail: "Injected failure." }) {
      for (let i = 0; i < count; i++) faults.push({ status, headers, body });
    },
    advance(ms) {
      clock.advance(ms);
      state.publishDue();
    },
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
        state.publishDue();
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

/** Methods fetch's `Request` refuses to carry. */
const FETCH_FORBIDDEN_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);

/** 405 with `Allow` for a path the document has, under a method it does not have there. */
/**
 * The 405 for a path the document has but not with this method, routed as SeekrFlow's framework
 * (FastAPI) routes: the first route whose path matches answers, a literal path before a templated
 * one, so `PUT /data-jobs/gen_system_prompt` is allowed `POST` only (and `GET` there went on to
 * `/{data_job_id}`). Undefined for a path the document does not have.
 */
function methodNotAllowed(here: ReturnType<typeof operationsAt>): Response | undefined {
  const first = here[0];
  if (!first) return undefined;
  const response = detail(405, "Method Not Allowed");
  const methods = here.filter((entry) => entry.path === first.path).map((entry) => entry.method);
  response.headers.set("allow", methods.join(", "));
  return response;
}

/** A request body over `maxBodyBytes`. */
class BodyTooLarge extends Error {}

/** Whether a browser origin is on this machine (CORS is answered for those only). */
function isLoopback(origin: string): boolean {
  try {
    const { hostname } = new URL(origin);
    return (
      hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname)
    );
  } catch {
    return false;
  }
}

function corsHeaders(origin: string): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "access-control-allow-headers": "authorization, content-type, x-team-id",
    "access-control-expose-headers": "cf-ray, retry-after, retry-after-ms",
    "access-control-max-age": "600",
    vary: "origin",
  };
}

/** Bridges node:http to the web `Request`/`Response` handler; a body over the limit is not read. */
async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (request: Request) => Promise<Response>,
  maxBodyBytes: number,
): Promise<void> {
  try {
    let response: Response;
    if (FETCH_FORBIDDEN_METHODS.has(req.method ?? "")) {
      // fetch's Request cannot carry these methods: answered here, as any unknown method.
      const pathname = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      response = methodNotAllowed(operationsAt(pathname)) ?? detail(404, "Not Found");
    } else {
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url}`, {
        method: req.method!,
        headers: req.headers as Record<string, string>,
        ...(hasBody ? { body: limitedBody(req, maxBodyBytes), duplex: "half" } : {}),
      } as RequestInit);
      response = await handle(request);
    }
    const headers = Object.fromEntries(response.headers);
    // A body left unread (413, 401, 405) is not drained: the connection closes after the answer.
    if (!req.complete) headers.connection = "close";
    res.writeHead(response.status, headers);
    if (response.body) for await (const chunk of response.body) res.write(chunk);
    res.end();
  } catch (error) {
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ detail: `stand-in bug: ${(error as Error).message}` }));
    } else res.destroy();
  }
}

/** The request's body as a web stream that errors with BodyTooLarge past `maxBodyBytes`. */
function limitedBody(req: IncomingMessage, maxBodyBytes: number): ReadableStream {
  let seen = 0;
  return Readable.toWeb(
    Readable.from(
      (async function* () {
        for await (const chunk of req) {
          seen += (chunk as Buffer).length;
          if (seen > maxBodyBytes)
            throw new BodyTooLarge(`Request body over ${maxBodyBytes} bytes.`);
          yield chunk as Buffer;
        }
      })(),
    ),
  ) as ReadableStream;
}
