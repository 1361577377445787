/** The stand-in answers as the document says: every response it sends validates against it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ConflictError,
  InvalidRequestError,
  NotFoundError,
  SeekrFlow,
} from "../src/index.js";
import { findOperation } from "../src/core/find-operation.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { responseProblems } from "./support/response-validator.js";

let server: StandIn;
const checked: { operation: string; status: number; problems: string[] }[] = [];

/** A fetch that validates every JSON response against the document before handing it on. */
const validatingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const route = findOperation(init?.method ?? "GET", new URL(String(input)).pathname);
  if (route && response.headers.get("content-type")?.includes("application/json")) {
    const body = await response.clone().json();
    checked.push({
      operation: route.id,
      status: response.status,
      problems: responseProblems(route.id, response.status, body),
    });
  } else if (route) {
    checked.push({
      operation: route.id,
      status: response.status,
      problems: responseProblems(route.id, response.status, undefined),
    });
  }
  return response;
};

beforeAll(async () => {
  server = await startStandIn({
    clock: { mode: "manual", stepMs: 5 },
    ingestionMs: 20,
    queueMs: 10,
    runMs: 40,
    failIngestion: (n) => (n === "bad.pdf" ? "Upload a text PDF." : undefined),
  });
});
afterAll(() => server.close());

describe("stand-in server", () => {
  it("sends only responses the document allows, through every operation and error", async () => {
    const flow = new SeekrFlow({
      apiKey: "sk-standin",
      baseUrl: server.url,
      fetch: validatingFetch,
    });
    const [a, b] = await flow.files.uploadTogether(
      [new File(["# A"], "a.md"), new File(["%PDF"], "bad.pdf")],
      { purpose: "alignment" },
    );
    const single = await flow.files.upload(new File(["x"], "c.md"), { purpose: "alignment" });
    await flow.files.list();
    await flow.files.get(single.id);
    const job = await flow.dataJobs.create({
      name: "Contract",
      job_type: "principle_files",
      instructions: "Q&A",
    });
    await flow.dataJobs.list({ limit: 5 });
    await flow.dataJobs.update(job.id, { instructions: "More Q&A" });
    await flow.dataJobs.addFiles(job.id, { file_ids: [a!.id, b!.id] });
    await expect(flow.dataJobs.start(job.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(
      flow.dataJobs.waitFor(job.id, { until: "ready_to_start", intervalMs: 5 }),
    ).rejects.toThrow(/Upload a text PDF/);
    await flow.dataJobs.removeFiles(job.id, { file_ids: [b!.id] });
    await flow.dataJobs.waitFor(job.id, { until: "ready_to_start", intervalMs: 5 });
    await flow.dataJobs.generateSystemPrompt({ instructions: "Be brief." });
    const copy = await flow.dataJobs.clone(job.id, { name: "Contract copy" });
    expect(copy.origin_data_job_id).toBe(job.id);
    await flow.dataJobs.start(job.id);
    await flow.dataJobs.waitFor(job.id, { intervalMs: 5 });
    const outputs = await flow.dataJobs.outputs(job.id);
    await (await flow.files.content(outputs[0]!.id)).cancel();
    await flow.dataJobs.waitFor(copy.id, { until: "ready_to_start", intervalMs: 5 });
    await flow.dataJobs.start(copy.id);
    await flow.dataJobs.cancel(copy.id);
    await flow.dataJobs.delete(copy.id);
    await expect(flow.dataJobs.get(copy.id)).rejects.toBeInstanceOf(NotFoundError);
    await flow.files.delete(single.id);
    // The client refuses an invalid body before sending: sent around it, the stand-in answers 422.
    await expect(
      flow.raw.POST("/v1/flow/data-jobs", { body: { name: "", job_type: "principle_files" } }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    const invalid = await validatingFetch(`${server.url}/v1/flow/data-jobs`, {
      method: "POST",
      headers: { authorization: "sk-standin", "content-type": "application/json" },
      body: JSON.stringify({ name: "", job_type: "principle_files" }),
    });
    expect(invalid.status).toBe(422);

    const operations = new Set(checked.map((c) => c.operation));
    expect(operations.size).toBe(18);
    expect(checked.filter((c) => c.problems.length > 0)).toEqual([]);
    expect(new Set(checked.map((c) => c.status))).toEqual(new Set([200, 201, 204, 404, 409, 422]));
  });

  it("answers 401 without a key, or with the wrong one when a key is required", async () => {
    const strict = await startStandIn({ apiKey: "sk-right" });
    try {
      const response = await fetch(`${strict.url}/v1/flow/data-jobs`);
      expect(response.status).toBe(401);
      expect(responseProblems("listDataJobs", 401, await response.json())).toEqual([]);
      const flow = new SeekrFlow({ apiKey: "sk-wrong", baseUrl: strict.url });
      await expect(flow.dataJobs.list()).rejects.toBeInstanceOf(AuthenticationError);
    } finally {
      await strict.close();
    }
  });

  it("with a manual clock, jobs move only when the test says", async () => {
    const still = await startStandIn({ clock: "manual", ingestionMs: 50, queueMs: 10, runMs: 100 });
    try {
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: still.url });
      const file = await flow.files.upload(new File(["# A"], "a.md"), { purpose: "alignment" });
      const job = await flow.dataJobs.create({ name: "Clock", job_type: "principle_files" });
      await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
      expect((await flow.dataJobs.get(job.id)).status).toBe("file_processing");
      still.advance(49);
      expect((await flow.dataJobs.get(job.id)).status).toBe("file_processing");
      still.advance(1);
      expect((await flow.dataJobs.get(job.id)).status).toBe("ready_to_start");
      expect(() => still.settle(job.id, "completed")).toThrow(
        /is ready_to_start and will not become completed without a request/,
      );
      await flow.dataJobs.start(job.id);
      expect((await flow.dataJobs.get(job.id)).status).toBe("queued");
      expect(still.settle(job.id, "running")).toMatchObject({ alignment_job: { progress: 0 } });
      still.advance(50);
      expect((await flow.dataJobs.get(job.id)).alignment_job?.progress).toBe(50);
      expect(still.settle(job.id, "completed").alignment_job?.output_files).toHaveLength(1);
      expect(() => still.advance(-1)).toThrow(RangeError);
    } finally {
      await still.close();
    }
  });

  it("with the real clock, advance and settle say what they need", async () => {
    const real = await startStandIn();
    try {
      expect(() => real.advance(10)).toThrow(/clock: "manual"/);
      expect(() => real.settle("dj-1", "completed")).toThrow(/clock: "manual"/);
    } finally {
      await real.close();
    }
  });

  it("injects failures on request, then recovers", async () => {
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url, maxRetries: 0 });
    server.failNext(503, 1, { "retry-after": "0" });
    await expect(flow.dataJobs.list()).rejects.toMatchObject({ status: 503 });
    await expect(flow.dataJobs.list()).resolves.toMatchObject({ object: "list" });
  });
});

describe("reads have no side effects", () => {
  it("a completed job's dataset is listed from the moment the clock says so, whoever looks; a GET changes no file list", async () => {
    const server = await startStandIn({ clock: "manual" });
    try {
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url });
      const file = await flow.files.upload(new File(["# doc"], "doc.md"), { purpose: "alignment" });
      const job = await flow.dataJobs.create({ name: "Pure", job_type: "principle_files" });
      await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
      server.settle(job.id, "ready_to_start");
      await flow.dataJobs.start(job.id);
      const names = async () =>
        (await flow.files.list({ purpose: "fine-tune" })).data.map((f) => f.filename);
      expect(await names()).toEqual([]);
      // Completed by the clock alone, nobody having read the job:
      server.advance(60_000);
      expect(await names()).toEqual(["pure.parquet"]);
      const before = [...server.files.keys()];
      const read = await flow.dataJobs.get(job.id);
      expect(read.status).toBe("completed");
      expect([...server.files.keys()]).toEqual(before);
      expect(read.alignment_job?.output_files?.map((o) => o.filename)).toEqual(["pure.parquet"]);
    } finally {
      await server.close();
    }
  });

  it("a cancelled or failed job has no dataset", async () => {
    const server = await startStandIn({
      clock: "manual",
      failGeneration: (name) => (name === "Doomed" ? "out of material" : undefined),
    });
    try {
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url });
      const file = await flow.files.upload(new File(["# doc"], "doc.md"), { purpose: "alignment" });
      for (const name of ["Doomed", "Cancelled"]) {
        const job = await flow.dataJobs.create({ name, job_type: "principle_files" });
        await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
        server.settle(job.id, "ready_to_start");
        await flow.dataJobs.start(job.id);
        if (name === "Cancelled") await flow.dataJobs.cancel(job.id);
      }
      server.advance(60_000);
      expect((await flow.files.list({ purpose: "fine-tune" })).data).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
