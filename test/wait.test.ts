/**
 * waitFor against the stand-in with a stepped manual clock: the lifecycle moves 10 ms per request,
 * so what a wait observes depends on how many polls it made, never on how fast the machine is.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  APIAbortError,
  DataJobStateError,
  InvalidRequestError,
  SeekrFlow,
  WaitTimeoutError,
} from "../src/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { jobDetail, jsonResponse, scriptedFetch } from "./support/fake-fetch.js";

let server: StandIn;
let flow: SeekrFlow;
beforeAll(async () => {
  server = await startStandIn({
    clock: { mode: "manual", stepMs: 10 },
    ingestionMs: 30,
    queueMs: 20,
    runMs: 60,
    failIngestion: (name) =>
      name.startsWith("scan")
        ? "Export the scan as a searchable PDF and upload it again."
        : undefined,
    failGeneration: (name) =>
      name.includes("doomed") ? "Generation ran out of source material." : undefined,
  });
  flow = new SeekrFlow({ apiKey: "sk-wait", baseUrl: server.url });
});
afterAll(() => server.close());

async function jobWith(filename: string, name = "Wait test") {
  const file = await flow.files.upload(
    { data: new TextEncoder().encode("# doc"), filename },
    { purpose: "alignment" },
  );
  const job = await flow.dataJobs.create({ name, job_type: "principle_files" });
  await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
  return job;
}

describe("waitFor", () => {
  it("resolves at the awaited status and reports each change once", async () => {
    const job = await jobWith("ok.md");
    const seen: string[] = [];
    await flow.dataJobs.waitFor(job.id, {
      until: "ready_to_start",
      intervalMs: 5,
      onProgress: (j) => seen.push(j.status),
    });
    await flow.dataJobs.start(job.id);
    const progress: string[] = [];
    const done = await flow.dataJobs.waitFor(job.id, {
      intervalMs: 5,
      maxIntervalMs: 10,
      onProgress: (j) => progress.push(`${j.status} ${j.alignment_job?.progress}`),
    });
    expect(seen).toEqual(["file_processing", "ready_to_start"]);
    expect(done.status).toBe("completed");
    expect(progress.at(-1)).toBe("completed 100");
    // Called only on change: no two reports in a row are the same.
    expect(progress.filter((p, i) => p === progress[i - 1])).toEqual([]);
  });

  it("rejects with the reasons and suggested fix when the job needs review", async () => {
    const job = await jobWith("scan.pdf");
    const error = await flow.dataJobs
      .waitFor(job.id, { until: "ready_to_start", intervalMs: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataJobStateError);
    const { job: last, reasons, message } = error as DataJobStateError;
    expect(last.status).toBe("needs_review");
    expect(reasons.join("\n")).toContain(
      "scan.pdf: The document could not be converted. (fix: Export the scan as a searchable PDF",
    );
    expect(message).toContain("will not reach ready_to_start");
  });

  it("rejects when a started job fails while waiting for completed", async () => {
    const job = await jobWith("ok.md", "doomed job");
    await flow.dataJobs.waitFor(job.id, { until: "ready_to_start", intervalMs: 5 });
    await flow.dataJobs.start(job.id);
    const error = await flow.dataJobs
      .waitFor(job.id, { until: "completed", intervalMs: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataJobStateError);
    expect((error as DataJobStateError).reasons).toContain(
      "Generation ran out of source material.",
    );
  });

  it("resolves on a terminal failure when waiting for any terminal status (the default)", async () => {
    const job = await jobWith("ok.md", "doomed again");
    await flow.dataJobs.waitFor(job.id, { until: "ready_to_start", intervalMs: 5 });
    await flow.dataJobs.start(job.id);
    expect((await flow.dataJobs.waitFor(job.id, { intervalMs: 5 })).status).toBe("failed");
  });

  it("gives up after timeoutMs with the job as last seen", async () => {
    const job = await flow.dataJobs.create({ name: "never ready", job_type: "principle_files" });
    const error = await flow.dataJobs
      .waitFor(job.id, { until: "completed", intervalMs: 5, timeoutMs: 1 })
      .catch((e: unknown) => e);
    // needs_review comes first for a job with no files: it is a dead end, not a timeout.
    expect(error).toBeInstanceOf(DataJobStateError);
    const running = new SeekrFlow({
      apiKey: "sk-wait",
      baseUrl: "https://flow.example",
      fetch: scriptedFetch(jsonResponse(jobDetail({ id: "dj-slow", status: "running" }))),
    });
    const timeout = await running.dataJobs
      .waitFor("dj-slow", { until: "completed", intervalMs: 5, timeoutMs: 10 })
      .catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(WaitTimeoutError);
    expect((timeout as WaitTimeoutError).job?.id).toBe("dj-slow");
  });

  it("a job in ready_to_start, waited on for its end: rejects at the first poll, saying to start it", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail({ status: "ready_to_start" })));
    const client = new SeekrFlow({ apiKey: "sk-wait", baseUrl: "https://flow.example", fetch });
    const error = await client.dataJobs.waitFor("dj-1", { intervalMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataJobStateError);
    expect((error as DataJobStateError).job.status).toBe("ready_to_start");
    expect((error as DataJobStateError).nextStep).toMatch(/^start it/);
    expect((error as Error).message).toMatch(
      /dj-1 is ready_to_start, so it will not end until its owner acts: start it/,
    );
    expect(fetch.calls).toHaveLength(1);
  });

  it("waiting for ready_to_start itself still resolves there", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail({ status: "ready_to_start" })));
    const client = new SeekrFlow({ apiKey: "sk-wait", baseUrl: "https://flow.example", fetch });
    expect((await client.dataJobs.waitFor("dj-1", { until: "ready_to_start" })).status).toBe(
      "ready_to_start",
    );
  });

  it("each reason once, though the job and its alignment job say the same", async () => {
    const failed = jobDetail({
      status: "failed",
      status_message: "Model overloaded.",
      alignment_job: { status: "failed", status_message: "Model overloaded." },
    });
    const client = new SeekrFlow({
      apiKey: "sk-wait",
      baseUrl: "https://flow.example",
      fetch: scriptedFetch(jsonResponse(failed)),
    });
    const error = (await client.dataJobs
      .waitFor("dj-1", { until: "completed" })
      .catch((e: unknown) => e)) as DataJobStateError;
    expect(error.reasons).toEqual(["Model overloaded."]);
    expect(error.message.match(/Model overloaded/g)).toHaveLength(1);
  });

  it("outputs of a job not started yet: DataJobStateError saying to start it, not an empty list", async () => {
    const job = await jobWith("ok.md", "not started");
    server.settle(job.id, "ready_to_start");
    const error = await flow.dataJobs.outputs(job.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataJobStateError);
    expect((error as Error).message).toMatch(
      /will not have outputs before it is started until its owner acts: start it/,
    );
  });

  it(
    "stops at once when the signal aborts, without cancelling the job",
    { timeout: 5_000 },
    async () => {
      const job = await jobWith("ok.md");
      const controller = new AbortController();
      const waiting = flow.dataJobs.waitFor(job.id, {
        until: "completed",
        intervalMs: 60_000,
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 20);
      await expect(waiting).rejects.toBeInstanceOf(APIAbortError);
      expect(server.requests.some((r) => r.operation === "cancelDataJob")).toBe(false);
    },
  );

  it("reports a change once, however many polls saw nothing new", async () => {
    const still = await startStandIn({ clock: "manual", ingestionMs: 1_000 });
    try {
      const client = new SeekrFlow({ apiKey: "k", baseUrl: still.url });
      const file = await client.files.upload(new File(["# doc"], "doc.md"), {
        purpose: "alignment",
      });
      const job = await client.dataJobs.create({ name: "Still", job_type: "principle_files" });
      await client.dataJobs.addFiles(job.id, { file_ids: [file.id] });
      const polls = () => still.requests.filter((r) => r.operation === "getDataJob").length;
      const seen: string[] = [];
      const waiting = client.dataJobs.waitFor(job.id, {
        until: "ready_to_start",
        intervalMs: 1,
        maxIntervalMs: 1,
        onProgress: (j) => seen.push(j.status),
      });
      // Five polls see the same file_processing job; then the clock moves and the next poll sees it ready.
      await vi.waitFor(() => expect(polls()).toBeGreaterThanOrEqual(5), { timeout: 20_000 });
      still.settle(job.id, "ready_to_start");
      await waiting;
      expect(polls()).toBeGreaterThanOrEqual(6);
      expect(seen).toEqual(["file_processing", "ready_to_start"]);
    } finally {
      await still.close();
    }
  });

  it.each([
    ["intervalMs", { intervalMs: Number.NaN }],
    ["intervalMs", { intervalMs: 0 }],
    ["maxIntervalMs", { maxIntervalMs: -1 }],
    ["timeoutMs", { timeoutMs: Infinity }],
    ["until", { until: "bogus" as never }],
    ["until", { until: [] }],
  ])("rejects a %s that cannot work, before polling", async (field, options) => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const client = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example.test", fetch });
    const error = await client.dataJobs.waitFor("dj-1", options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).fields.map((f) => f.field)).toEqual([field]);
    expect(fetch.calls).toHaveLength(0);
  });

  it("keeps polling through a status it does not know", async () => {
    const fetch = scriptedFetch(
      jsonResponse(jobDetail({ status: "paused_for_maintenance" })),
      jsonResponse(jobDetail({ status: "completed", extra_field_from_the_future: { a: 1 } })),
    );
    const client = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example.test", fetch });
    const seen: string[] = [];
    const done = await client.dataJobs.waitFor("dj-1", {
      intervalMs: 1,
      onProgress: (j) => seen.push(j.status),
    });
    expect(done.status).toBe("completed");
    expect(seen).toEqual(["paused_for_maintenance", "completed"]);
  });
});

describe("how often waitFor polls", () => {
  it("each pause is 1.5× the last, up to maxIntervalMs", async () => {
    // The pauses the wait schedules, read from its timers rather than the wall clock.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const schedule = vi.spyOn(globalThis, "setTimeout");
    try {
      const statuses = Array.from({ length: 9 }, (_, i) => (i < 8 ? "running" : "completed"));
      const fetch = scriptedFetch(...statuses.map((status) => jsonResponse(jobDetail({ status }))));
      const client = new SeekrFlow({
        apiKey: "sk-wait",
        baseUrl: "https://flow.example",
        fetch,
        timeoutMs: Infinity,
      });
      const done = client.dataJobs.waitFor("dj-1", { intervalMs: 100, maxIntervalMs: 1_000 });
      while (fetch.calls.length < statuses.length) await vi.advanceTimersByTimeAsync(100);
      expect((await done).status).toBe("completed");
      expect(schedule.mock.calls.map((call) => call[1])).toEqual([
        100, 150, 225, 337.5, 506.25, 759.375, 1000, 1000,
      ]);
    } finally {
      schedule.mockRestore();
      vi.useRealTimers();
    }
  });
});

describe("waitFor's options and messages", () => {
  const polling = (...statuses: string[]) => {
    const fetch = scriptedFetch(...statuses.map((status) => jsonResponse(jobDetail({ status }))));
    return {
      fetch,
      flow: new SeekrFlow({ apiKey: "sk-wait", baseUrl: "https://flow.example", fetch }),
    };
  };

  it("until takes a list of statuses", async () => {
    const { flow } = polling("running", "stopped");
    const job = await flow.dataJobs.waitFor("dj-1", {
      until: ["completed", "stopped"],
      intervalMs: 1,
    });
    expect(job.status).toBe("stopped");
  });

  it("a timeout far off does not end a wait that gets there first", async () => {
    const { flow, fetch } = polling("queued", "running", "completed");
    const job = await flow.dataJobs.waitFor("dj-1", { intervalMs: 1, timeoutMs: 600_000 });
    expect(job.status).toBe("completed");
    expect(fetch.calls).toHaveLength(3);
  });

  it("a timeout says how long it waited", async () => {
    const { flow } = polling("running");
    const error = await flow.dataJobs
      .waitFor("dj-1", { intervalMs: 1, timeoutMs: 3 })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      "Data job dj-1 was still running after 3 ms; it goes on: wait again to keep following it.",
    );
  });

  it("an abort while it sleeps: APIAbortError saying the job goes on, with the reason as cause", async () => {
    const { flow, fetch } = polling("running");
    const controller = new AbortController();
    const waiting = flow.dataJobs
      .waitFor("dj-1", { intervalMs: 600_000, signal: controller.signal })
      .catch((e: unknown) => e);
    while (fetch.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error("enough"));
    const error = await waiting;
    expect(error).toBeInstanceOf(APIAbortError);
    expect((error as Error).message).toBe("Stopped waiting for data job dj-1; the job goes on.");
    expect((error as Error).cause).toEqual(new Error("enough"));
  });

  it("bad options are named field by field, nothing sent", async () => {
    const { flow, fetch } = polling("running");
    const error = (await flow.dataJobs
      .waitFor("dj-1", { intervalMs: 0, until: ["done" as never] })
      .catch((e: unknown) => e)) as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.operation).toBe("waitFor");
    expect(error.fields).toEqual([
      {
        field: "intervalMs",
        rule: "exclusiveMinimum",
        message: "must be a finite number of milliseconds above 0, not 0",
      },
      {
        field: "until",
        rule: "enum",
        message: expect.stringMatching(
          /^must be statuses the document knows \(file_processing, .*\), not \["done"\]$/,
        ),
      },
    ]);
    const empty = (await flow.dataJobs
      .waitFor("dj-1", { until: [] })
      .catch((e: unknown) => e)) as InvalidRequestError;
    expect(empty.fields[0]!.message).toMatch(/, not \[\]$/);
    expect(fetch.calls).toHaveLength(0);
  });
});
