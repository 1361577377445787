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
