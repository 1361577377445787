/**
 * The key rule, on its own: run everything that can fail with a recognisable key, then search
 * every error (each class), every log line and event and every stand-in record for the key and
 * for its first 8 characters. What the CLI prints is searched in ./key-never-leaks-cli.test.ts.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClientOptions,
  type RequestLogEvent,
  SeekrFlow,
  SeekrFlowError,
} from "../src/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { jobDetail, jsonResponse, scriptedFetch } from "./support/fake-fetch.js";
import {
  type FaultServer,
  respond,
  stallHeaders,
  startFaultServer,
} from "./support/fault-server.js";
import { freePort } from "./support/ports.js";
import { expectKeyless, KEY, shown } from "./support/secrets.js";

let standIn: StandIn;
let broken: FaultServer;
let stalled: FaultServer;
let refused: string;
beforeAll(async () => {
  standIn = await startStandIn({
    apiKey: KEY,
    clock: { mode: "manual", stepMs: 10 },
    failGeneration: (name) => (name.includes("doomed") ? "Ran out of source material." : undefined),
  });
  broken = await startFaultServer([
    respond(200, "<html>not json</html>", { "content-type": "text/html" }),
  ]);
  stalled = await startFaultServer([stallHeaders]);
  refused = `http://127.0.0.1:${await freePort()}`;
});
afterAll(async () => {
  await Promise.all([standIn.close(), broken.close(), stalled.close()]);
});

describe("the API key is in nothing a person, a log or a test can see", () => {
  it("configuration errors, whatever was wrong with the key", () => {
    const bad: ClientOptions[] = [
      { apiKey: `Bearer ${KEY}` },
      { apiKey: `${KEY}\n` },
      { apiKey: `${KEY}\r` },
      { apiKey: `${KEY}ключ` },
      { apiKey: `${KEY}\u0000` },
      { apiKey: KEY, baseUrl: `https://user:${KEY}@flow.example` },
      { apiKey: KEY, baseUrl: `https://flow.example/?key=${KEY}` },
      { apiKey: KEY, baseUrl: "http://flow.example" },
      { apiKey: KEY, timeoutMs: -1 },
      { apiKey: KEY, maxRetries: -1 },
    ];
    for (const options of bad) {
      let thrown: unknown;
      try {
        new SeekrFlow(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(options.baseUrl ?? "")).toBeInstanceOf(SeekrFlowError);
      expectKeyless(shown(thrown), `the error for ${(thrown as Error).message}`);
    }
  });

  it("every error class a call can end in, and every log line and event on the way", async () => {
    const lines: string[] = [];
    const events: RequestLogEvent[] = [];
    const client = (options: ClientOptions): SeekrFlow =>
      new SeekrFlow({
        apiKey: KEY,
        teamId: "team-1",
        maxRetries: 1,
        validateResponses: "warn",
        logger: (line, event) => {
          lines.push(line);
          if (event) events.push(event);
        },
        ...options,
      });
    const byStatus = (status: number) =>
      client({
        baseUrl: "https://flow.example",
        fetch: scriptedFetch(
          jsonResponse({ detail: `failed with ${status}` }, status, { "retry-after": "0" }),
        ),
      });
    const calls: (() => Promise<unknown>)[] = [
      ...[400, 401, 403, 404, 409, 422, 429, 500, 503].map(
        (status) => () => byStatus(status).dataJobs.get("dj-1"),
      ),
      () =>
        client({ baseUrl: standIn.url }).dataJobs.create({ name: "", job_type: "principle_files" }),
      () => client({ baseUrl: standIn.url, apiKey: `${KEY}-wrong` }).dataJobs.list(),
      () => client({ baseUrl: refused }).dataJobs.get("dj-1"),
      () => client({ baseUrl: stalled.url, timeoutMs: 50, maxRetries: 0 }).dataJobs.get("dj-1"),
      () => client({ baseUrl: broken.url }).dataJobs.get("dj-1"),
      () => client({ baseUrl: standIn.url }).dataJobs.get("dj-1", { signal: AbortSignal.abort() }),
      () =>
        client({
          baseUrl: "https://flow.example",
          fetch: scriptedFetch(jsonResponse(jobDetail({ status: "failed", status_message: "no" }))),
        }).dataJobs.waitFor("dj-1", { until: "completed" }),
      () =>
        client({
          baseUrl: "https://flow.example",
          fetch: scriptedFetch(jsonResponse(jobDetail({ status: "running" }))),
        }).dataJobs.waitFor("dj-1", { intervalMs: 1, timeoutMs: 5 }),
      // Drift reported through the logger ("warn"): an answer without a required field.
      () =>
        client({
          baseUrl: "https://flow.example",
          fetch: scriptedFetch(jsonResponse({ id: "dj-1" })),
        }).dataJobs.get("dj-1"),
    ];
    const names = new Set<string>();
    for (const call of calls) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      if (error === undefined) continue;
      names.add((error as Error).name);
      expectKeyless(shown(error), (error as Error).name);
    }
    expect([...names].sort()).toEqual(
      [
        "APIAbortError",
        "APIConnectionError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "BadResponseError",
        "ConflictError",
        "DataJobStateError",
        "InternalServerError",
        "InvalidRequestError",
        "NotFoundError",
        "PermissionDeniedError",
        "RateLimitError",
        "UnprocessableEntityError",
        "WaitTimeoutError",
      ].sort(),
    );
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((line) => line.includes("does not allow"))).toBe(true);
    expectKeyless(lines.join("\n"), "the log lines");
    expectKeyless(JSON.stringify(events), "the log events");
  });

  it("the stand-in's records of a whole workflow", async () => {
    const flow = new SeekrFlow({ apiKey: KEY, baseUrl: standIn.url });
    const file = await flow.files.upload(
      { data: new Blob(["# doc\n"]), filename: "doc.md" },
      { purpose: "alignment" },
    );
    const job = await flow.dataJobs.create({ name: "Leak check", job_type: "principle_files" });
    await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
    standIn.settle(job.id, "ready_to_start");
    await flow.dataJobs.start(job.id);
    standIn.settle(job.id, "completed");
    await flow.dataJobs.outputs(job.id);
    await new SeekrFlow({ apiKey: "Bad-key", baseUrl: standIn.url, maxRetries: 0 }).dataJobs
      .list()
      .catch(() => undefined);
    expect(standIn.requests.length).toBeGreaterThan(5);
    expectKeyless(inspect(standIn.requests, { depth: 10 }), "the stand-in's requests");
    expectKeyless(inspect(standIn.problems, { depth: 10 }), "the stand-in's problems");
    expectKeyless(inspect([...standIn.files.values()].map((f) => f.meta)), "the stand-in's files");
  });
});
