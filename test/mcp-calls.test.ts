/**
 * The MCP tools called directly (callTool, no transport) against the stand-in on a manual clock:
 * each refusal's words, a delete's answer, a job's outputs before and after it runs, and the
 * wait's answers and progress.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, type ToolContext } from "../mcp/src/tools.js";
import { SeekrFlow } from "../src/node/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { largeJob } from "./support/large-job.js";

const KEY = "sk-calls-123456";
let standIn: StandIn;
let root: string;
beforeAll(async () => {
  standIn = await startStandIn({
    apiKey: KEY,
    clock: "manual",
    ingestionMs: 10,
    queueMs: 10,
    runMs: 20,
  });
  root = await mkdtemp(path.join(tmpdir(), "seekrflow-calls-"));
  await writeFile(path.join(root, "a.md"), "# A\nalpha\n");
});
afterAll(async () => {
  await standIn.close();
  await rm(root, { recursive: true, force: true });
});

const progress: [number, string][] = [];
const context = (options: Partial<ToolContext> = {}): ToolContext => ({
  flow: new SeekrFlow({ apiKey: KEY, baseUrl: standIn.url, logger: () => {} }),
  roots: [root],
  signal: new AbortController().signal,
  waitMs: 5_000,
  pollMs: 1,
  progress: async (percent, message) => void progress.push([percent, message]),
  ...options,
});
const call = async (
  name: string,
  args: Record<string, unknown>,
  options?: Partial<ToolContext>,
) => {
  const result = await callTool(name, args, context(options));
  return {
    isError: result.isError === true,
    text: (result.content as { text: string }[]).map((c) => c.text).join("\n"),
    data: result.structuredContent as any,
  };
};
const flow = () => new SeekrFlow({ apiKey: KEY, baseUrl: standIn.url });
const ID = (id: string) => `data_job_id ${JSON.stringify(id)}`;

describe("the MCP tools, called directly", () => {
  it("refuse a tool that does not exist, and input the tool does not take", async () => {
    expect(await call("nope", {})).toMatchObject({
      isError: true,
      text: "There is no tool nope (see tools/list). Nothing was sent.",
    });
    expect((await call("get_data_job", { data_job_id: "dj-1", colour: "red" })).text).toBe(
      "The input is not what the tool takes. Nothing was sent.\n- colour: is not an input of get_data_job",
    );
    expect((await call("upload_file", { purpose: "alignment" })).text).toBe(
      "The input is not what the tool takes. Nothing was sent.\n- path: is required",
    );
    expect((await call("wait_for_data_job", {})).text).toBe(
      "The input is not what the tool takes. Nothing was sent.\n- data_job_id: is required",
    );
  });

  it("leave a missing API input to the document's validators, and a missing local one to the tool", async () => {
    expect((await call("get_data_job", {})).text).toBe(
      "The input breaks the API's document. Nothing was sent.\n- data_job_id: is required",
    );
    expect(
      (await call("upload_files", { paths: ["a.md", "missing.md"], purpose: "alignment" })).text,
    ).toBe("missing.md does not exist. Nothing was sent.");
  });

  it("send nothing once the call is cancelled", async () => {
    const before = standIn.requests.length;
    const signal = AbortSignal.abort();
    expect(await call("list_files", {}, { signal })).toMatchObject({
      isError: true,
      text: "listFiles (GET /v1/flow/files) was aborted.",
    });
    expect((await call("list_data_job_outputs", { data_job_id: "dj-1" }, { signal })).isError).toBe(
      true,
    );
    expect(standIn.requests.length).toBe(before);
  });

  it("say a missing job's 404 when its outputs are asked for", async () => {
    expect(await call("list_data_job_outputs", { data_job_id: "dj-missing" })).toMatchObject({
      isError: true,
      text: expect.stringMatching(
        /^getDataJob \(GET \/v1\/flow\/data-jobs\/dj-missing\) failed with 404/,
      ),
    });
  });

  it("answer a tool whose output is a job's as get_data_job answers it", async () => {
    const large = largeJob(1_500, 3_000);
    const fake = (async () => Response.json(large)) as typeof fetch;
    const flow = new SeekrFlow({ apiKey: KEY, baseUrl: "https://flow.seekr.com", fetch: fake });
    const got = await call("get_data_job", { data_job_id: large.id }, { flow });
    const added = await call(
      "add_data_job_files",
      { data_job_id: large.id, file_ids: ["file-1"] },
      { flow },
    );
    expect(added.data).toEqual(got.data);
  });

  it("upload a file with a vector database when one is given", async () => {
    const forms: FormData[] = [];
    const spy = (async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      forms.push(await request.clone().formData());
      return fetch(request);
    }) as typeof fetch;
    const flow = new SeekrFlow({ apiKey: KEY, baseUrl: standIn.url, fetch: spy });
    await call(
      "upload_file",
      { path: "a.md", purpose: "alignment", vector_database_id: "vdb-1" },
      { flow },
    );
    await call("upload_file", { path: "a.md", purpose: "alignment" }, { flow });
    expect(forms.map((form) => form.get("vector_database_id"))).toEqual(["vdb-1", null]);
  });

  it("answer a delete with what was deleted", async () => {
    const job = await flow().dataJobs.create({ name: "Gone", job_type: "principle_files" });
    expect((await call("delete_data_job", { data_job_id: job.id })).data).toEqual({
      data_job_id: job.id,
      deleted: true,
    });
  });

  it("upload a file with a vector database only when one is given", async () => {
    const plain = await call("upload_file", { path: "a.md", purpose: "alignment" });
    expect([plain.isError, plain.data.filename]).toEqual([false, "a.md"]);
    const before = standIn.requests.length;
    const two = await call("upload_files", { paths: ["a.md", "a.md"], purpose: "alignment" });
    expect([two.data.data.length, standIn.requests.length - before]).toEqual([2, 1]);
  });

  it("list a job's outputs once it runs, naming the dataset and the tool that downloads it", async () => {
    const file = await flow().files.upload(path.join(root, "a.md"), { purpose: "alignment" });
    const job = await flow().dataJobs.create({ name: "Outputs", job_type: "principle_files" });
    const early = await call("list_data_job_outputs", { data_job_id: job.id });
    expect(early).toMatchObject({
      isError: true,
      text: expect.stringMatching(
        new RegExp(
          `^Data job ${job.id} is needs_review: it has no outputs before it is started\\. Next: fix it: `,
        ),
      ),
    });
    await flow().dataJobs.addFiles(job.id, { file_ids: [file.id] });
    standIn.settle(job.id, "ready_to_start");
    await flow().dataJobs.start(job.id);
    expect((await call("list_data_job_outputs", { data_job_id: job.id })).data).toEqual({
      data: [],
      dataset: null,
    });
    standIn.settle(job.id, "completed");
    const done = (await call("list_data_job_outputs", { data_job_id: job.id })).data;
    expect(done.dataset).toMatchObject({ purpose: "fine-tune", filename: "outputs.parquet" });
    expect(done.next).toBe(
      `call download_file with file_id ${JSON.stringify(done.dataset.id)} and a path such as "outputs.parquet"`,
    );
    const target = path.join(root, "outputs.parquet");
    const saved = await call("download_file", {
      file_id: done.dataset.id,
      path: "outputs.parquet",
    });
    expect(saved.data).toEqual({
      file_id: done.dataset.id,
      path: target,
      bytes: done.dataset.bytes,
    });
    expect(
      (await call("download_file", { file_id: done.dataset.id, path: "outputs.parquet" })).text,
    ).toBe("outputs.parquet exists: pass overwrite: true to replace it. Nothing was sent.");
    expect(
      (
        await call("download_file", {
          file_id: done.dataset.id,
          path: "outputs.parquet",
          overwrite: true,
        })
      ).isError,
    ).toBe(false);
  });

  it("wait: reached, not yet, or waiting for the owner, each with what to call next", async () => {
    const file = await flow().files.upload(path.join(root, "a.md"), { purpose: "alignment" });
    const job = await flow().dataJobs.create({ name: "Waited", job_type: "principle_files" });
    const owner = await call("wait_for_data_job", { data_job_id: job.id });
    expect([owner.data.reached, owner.data.next]).toEqual([
      false,
      expect.stringMatching(/^the job waits for its owner: fix it: /),
    ]);
    await flow().dataJobs.addFiles(job.id, { file_ids: [file.id] });
    const notYet = await call(
      "wait_for_data_job",
      { data_job_id: job.id, until: "ready_to_start" },
      { waitMs: 1 },
    );
    expect(notYet.data).toMatchObject({
      reached: false,
      job: { status: "file_processing" },
      next: `not ready_to_start yet: call wait_for_data_job with ${ID(job.id)} again`,
    });
    const unfinished = await call("wait_for_data_job", { data_job_id: job.id }, { waitMs: 1 });
    expect(unfinished.data.next).toBe(
      `not finished yet: call wait_for_data_job with ${ID(job.id)} again`,
    );
    standIn.settle(job.id, "ready_to_start");
    const ready = await call("wait_for_data_job", { data_job_id: job.id, until: "ready_to_start" });
    expect(ready.data).toMatchObject({
      reached: true,
      next: `reached ready_to_start: call start_data_job with ${ID(job.id)}, then wait_for_data_job with ${ID(job.id)}`,
    });
    await flow().dataJobs.start(job.id);
    standIn.settle(job.id, "running");
    progress.length = 0;
    await call("wait_for_data_job", { data_job_id: job.id, until: "running" });
    expect(progress).toEqual([[0, "running, generating_pairs, 0%"]]);
    standIn.advance(10);
    progress.length = 0;
    const running = await call("wait_for_data_job", { data_job_id: job.id, until: "running" });
    expect(running.data.next).toBe("reached running");
    expect(progress).toEqual([[50, "running, generating_pairs, 50%"]]);
    standIn.settle(job.id, "completed");
    progress.length = 0;
    const completed = await call("wait_for_data_job", { data_job_id: job.id });
    expect([completed.data.reached, completed.data.next]).toEqual([
      true,
      `call list_data_job_outputs with ${ID(job.id)} to find the dataset, then download_file with its file_id and a path`,
    ]);
    expect(progress).toEqual([[100, "completed, 100%"]]);
  });
});
