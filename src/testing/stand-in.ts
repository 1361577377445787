/**
 * A stateful stand-in of the SeekrFlow data jobs API on 127.0.0.1, for tests, examples and demos
 * without the real API. What it knows of the API it reads from the document: routes, methods,
 * query defaults and every request check come from the generated table and validators, and every
 * response it sends is checked against the document before it leaves (a mismatch is a 500 that
 * says "stand-in bug" and is listed in `problems`, never a silent wrong answer).
 *
 * This file wires the parts: ./http-bridge.ts (node:http, CORS, the size limit), ./routing.ts
 * (operation, key, faults, input checks), ./handlers.ts (what each operation does), ./state.ts
 * (files and jobs over the clock of ./clock.ts), ./stand-in-response-check.ts (the last check).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { OperationId } from "../generated/operations.js";
import type { DataJobDetail } from "../types.js";
import { detail } from "./answers.js";
import { type ClockOption, StandInClock } from "./clock.js";
import { corsHeaders, isLoopback, serve } from "./http-bridge.js";
import { BodyTooLarge, type Fault, route } from "./routing.js";
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

const MiB = 1024 * 1024;

/** Starts a stand-in server on 127.0.0.1. */
export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const clock = new StandInClock(options.clock);
  // hyparquet-writer is ESM only: imported here, so that this entry loads from CommonJS too.
  const state = new StandInState(clock, await import("hyparquet-writer"), options);
  const requests: SeenRequest[] = [];
  const problems: string[] = [];
  const faults: Fault[] = [];
  const maxBodyBytes = options.maxBodyBytes ?? 64 * MiB;
  const setup = { apiKey: options.apiKey, faults, maxBodyBytes, state };

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
    const { response, operation, served } = await route(request, url, setup).catch((error: unknown) => {
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

