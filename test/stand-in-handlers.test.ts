/**
 * The stand-in's handlers called alone, on a manual clock: each operation's answer, status and
 * body, for the input the document allows, and its refusals in FastAPI's `{ detail }`.
 */
import * as writer from "hyparquet-writer";
import { beforeEach, describe, expect, it } from "vitest";
import type { OperationId } from "../src/generated/operations.js";
import { StandInClock } from "../src/testing/clock.js";
import { HANDLERS } from "../src/testing/handlers.js";
import { StandInState } from "../src/testing/state.js";

let clock: StandInClock;
let state: StandInState;
beforeEach(() => {
  clock = new StandInClock("manual");
  state = new StandInState(clock, writer, { ingestionMs: 10, queueMs: 10, runMs: 10 });
});

/** Calls the handler of `operation`; resolves with the status and the parsed body. */
async function call(
  operation: OperationId,
  input: {
    params?: Record<string, string>;
    query?: Record<string, unknown>;
    body?: Record<string, unknown>;
  } = {},
) {
  const response = await HANDLERS[operation]({
    params: input.params ?? {},
    query: input.query ?? {},
    body: input.body ?? {},
    state,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, response };
}

const LIST = { sort_by: "created_at", sort_order: "desc", limit: 100, offset: 0 };
const file = (name: string, purpose = "alignment") =>
  state.addFile(name, purpose as never, new Blob([`# ${name}\ntext`]));
const job = (name: string, job_type = "principle_files") =>
  state.createJob({ name, job_type } as never);
const noJob = { status: 404, body: { detail: "Data job not found." } };

describe("the stand-in's lists", () => {
  it("sort by the field asked, in the order asked, ties and missing values placed alike", async () => {
    const a = job("b");
    clock.advance(1);
    const b = job("a");
    clock.advance(1);
    const c = job("b");
    const names = async (query: Record<string, unknown>) =>
      (await call("listDataJobs", { query: { ...LIST, ...query } })).body.data.map(
        (j: { id: string }) => j.id,
      );
    expect(await names({})).toEqual([c.id, b.id, a.id]);
    expect(await names({ sort_order: "asc" })).toEqual([a.id, b.id, c.id]);
    expect(await names({ sort_by: "name", sort_order: "asc" })).toEqual([b.id, a.id, c.id]);
    expect(await names({ sort_by: "name" })).toEqual([c.id, a.id, b.id]);
    expect(await names({ sort_by: "vector_database_id", sort_order: "asc" })).toEqual([
      a.id,
      b.id,
      c.id,
    ]);
    expect(await names({ limit: 1, offset: 1 })).toEqual([b.id]);
    expect(await names({ limit: undefined, offset: undefined })).toEqual([c.id, b.id, a.id]);
  });

  it("put values before missing ones in descending order", async () => {
    const plain = job("plain");
    const grounded = state.createJob({
      name: "g",
      job_type: "context_grounded_vector_db",
      vector_database_id: "vdb-1",
    });
    const ids = async (sort_order: string) =>
      (
        await call("listDataJobs", {
          query: { ...LIST, sort_by: "vector_database_id", sort_order },
        })
      ).body.data.map((j: { id: string }) => j.id);
    expect(await ids("asc")).toEqual([plain.id, grounded.id]);
    expect(await ids("desc")).toEqual([grounded.id, plain.id]);
  });

  it("of jobs filter by type and leave out what only a job's detail has", async () => {
    job("one");
    const grounded = job("two", "context_grounded_files");
    const { status, body } = await call("listDataJobs", {
      query: { ...LIST, job_type: "context_grounded_files" },
    });
    expect([status, body.object, body.data.map((j: { id: string }) => j.id)]).toEqual([
      200,
      "list",
      [grounded.id],
    ]);
    expect(Object.keys(body.data[0]).sort()).toEqual(
      [
        "id",
        "user_id",
        "name",
        "job_type",
        "alignment_job_id",
        "created_at",
        "updated_at",
        "status",
        "system_prompt",
        "instructions",
        "vector_database_id",
        "origin_data_job_id",
        "deleted",
        "status_message",
      ].sort(),
    );
  });

  it("of files filter by purpose", async () => {
    const doc = file("a.md");
    file("b.md", "fine-tune");
    const { body } = await call("listFiles", { query: { ...LIST, purpose: "alignment" } });
    expect(body).toEqual({ object: "list", data: [doc] });
    expect((await call("listFiles", { query: LIST })).body.data).toHaveLength(2);
  });
});

describe("the stand-in's data jobs", () => {
  it("are created, read, updated and deleted", async () => {
    const created = await call("createDataJob", {
      body: { name: "J", job_type: "principle_files" },
    });
    expect([created.status, created.body.name, created.body.status]).toEqual([
      201,
      "J",
      "needs_review",
    ]);
    const params = { data_job_id: created.body.id };
    expect(await call("getDataJob", { params })).toMatchObject({ status: 200, body: created.body });
    expect(
      await call("updateDataJob", { params, body: { instructions: "Only leave." } }),
    ).toMatchObject({
      status: 200,
      body: { instructions: "Only leave." },
    });
    const deleted = await call("deleteDataJob", { params });
    expect([deleted.status, deleted.body]).toEqual([204, null]);
    for (const operation of ["getDataJob", "updateDataJob", "deleteDataJob"] as const)
      expect(await call(operation, { params })).toMatchObject(noJob);
  });

  it("take files before they start, once each, and only files that exist", async () => {
    const j = job("J");
    const [a, b] = [file("a.md"), file("b.md")];
    const params = { data_job_id: j.id };
    expect(
      await call("addDataJobFiles", { params, body: { file_ids: [a.id, "file-x"] } }),
    ).toMatchObject({
      status: 404,
      body: { detail: 'File "file-x" not found.' },
    });
    expect(state.fileIdsOf(j.id)).toEqual([]);
    await call("addDataJobFiles", { params, body: { file_ids: [a.id] } });
    const added = await call("addDataJobFiles", { params, body: { file_ids: [b.id, a.id] } });
    expect([added.status, added.body.files.map((f: { file_id: string }) => f.file_id)]).toEqual([
      200,
      [a.id, b.id],
    ]);
    const removed = await call("removeDataJobFiles", {
      params,
      body: { file_ids: [a.id, "file-y"] },
    });
    expect([removed.status, removed.body.files.map((f: { file_id: string }) => f.file_id)]).toEqual(
      [200, [b.id]],
    );
    for (const operation of ["addDataJobFiles", "removeDataJobFiles"] as const)
      expect(
        await call(operation, { params: { data_job_id: "dj-x" }, body: { file_ids: [a.id] } }),
      ).toMatchObject(noJob);
    clock.advance(10);
    expect((await call("startDataJob", { params })).body.status).toBe("queued");
    for (const operation of ["addDataJobFiles", "removeDataJobFiles"] as const) {
      expect(await call(operation, { params, body: { file_ids: [a.id] } })).toMatchObject({
        status: 409,
        body: { detail: "Data job is queued; files can only change before it starts." },
      });
      expect(state.fileIdsOf(j.id)).toEqual([b.id]);
    }
  });

  it("start only when ready, and cancel only while queued or running", async () => {
    const j = job("J");
    const params = { data_job_id: j.id };
    expect(await call("startDataJob", { params })).toMatchObject({
      status: 409,
      body: { detail: "Data job is not ready to start (status needs_review)." },
    });
    expect(await call("cancelDataJob", { params })).toMatchObject({
      status: 409,
      body: { detail: "Data job is needs_review: nothing to cancel." },
    });
    state.setFiles(j.id, [file("a.md").id]);
    clock.advance(10);
    const started = await call("startDataJob", { params });
    expect([started.status, started.body.status]).toEqual([200, "queued"]);
    const cancelled = await call("cancelDataJob", { params });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, "cancelled"]);
    expect((await call("cancelDataJob", { params })).status).toBe(409);
    const running = job("R");
    state.setFiles(running.id, [file("b.md").id]);
    clock.advance(10);
    await state.start(running.id);
    clock.advance(10);
    expect(state.view(running.id)!.status).toBe("running");
    expect((await call("cancelDataJob", { params: { data_job_id: running.id } })).body.status).toBe(
      "cancelled",
    );
    for (const operation of ["startDataJob", "cancelDataJob", "cloneDataJob"] as const)
      expect(await call(operation, { params: { data_job_id: "dj-x" } })).toMatchObject(noJob);
  });

  it("are cloned with their settings and files, named as asked or after the original", async () => {
    const original = state.createJob({
      name: "x".repeat(250),
      job_type: "context_grounded_files",
      system_prompt: "Be brief.",
      instructions: "Only leave.",
    });
    const a = file("a.md");
    state.setFiles(original.id, [a.id]);
    const copy = await call("cloneDataJob", { params: { data_job_id: original.id }, body: {} });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      name: `${"x".repeat(250)} (cop`,
      job_type: "context_grounded_files",
      system_prompt: "Be brief.",
      instructions: "Only leave.",
      vector_database_id: null,
      origin_data_job_id: original.id,
      files: [{ file_id: a.id }],
    });
    expect(copy.body.id).not.toBe(original.id);
    const named = await call("cloneDataJob", {
      params: { data_job_id: original.id },
      body: { name: "Mine" },
    });
    expect(named.body.name).toBe("Mine");
    const short = job("Short");
    expect((await call("cloneDataJob", { params: { data_job_id: short.id } })).body.name).toBe(
      "Short (copy)",
    );
  });

  it("write a system prompt from the instructions", async () => {
    expect(
      await call("generateSystemPrompt", { body: { instructions: "Answer about leave." } }),
    ).toMatchObject({
      status: 200,
      body: { system_prompt: "You are a helpful assistant. Answer about leave." },
    });
  });

  it("list an alignment job's outputs once it exists", async () => {
    const j = job("Out");
    state.setFiles(j.id, [file("a.md").id]);
    clock.advance(10);
    await state.start(j.id);
    const alignment = { alignment_job_id: `al-${j.id.slice(3)}` };
    expect(await call("listAlignmentOutputs", { params: alignment })).toMatchObject({
      status: 200,
      body: [],
    });
    clock.advance(20);
    expect((await call("listAlignmentOutputs", { params: alignment })).body).toMatchObject([
      { purpose: "fine-tune", file_type: "parquet" },
    ]);
    expect(
      await call("listAlignmentOutputs", { params: { alignment_job_id: "al-x" } }),
    ).toMatchObject({
      status: 404,
      body: { detail: "Alignment job not found." },
    });
  });
});

describe("the stand-in's files", () => {
  it("are uploaded one or many at a time, read, downloaded and deleted", async () => {
    const one = await call("uploadFile", {
      body: { files: new File(["# One"], "one.md"), purpose: "alignment" },
    });
    expect([one.status, one.body.filename, one.body.purpose, one.body.bytes]).toEqual([
      200,
      "one.md",
      "alignment",
      5,
    ]);
    const many = await call("uploadFiles", {
      body: { files: [new File(["a"], "a.txt"), new File(["bb"], "b.txt")], purpose: "fine-tune" },
    });
    expect(
      many.body.map((f: { filename: string; bytes: number; purpose: string }) => [
        f.filename,
        f.bytes,
        f.purpose,
      ]),
    ).toEqual([
      ["a.txt", 1, "fine-tune"],
      ["b.txt", 2, "fine-tune"],
    ]);
    const params = { file_id: one.body.id };
    expect(await call("getFile", { params })).toMatchObject({ status: 200, body: one.body });
    const content = await HANDLERS.getFileContent({ params, query: {}, body: {}, state });
    expect([
      content.status,
      content.headers.get("content-type"),
      content.headers.get("content-length"),
      await content.text(),
    ]).toEqual([200, "application/octet-stream", "5", "# One"]);
    expect(await call("deleteFile", { params })).toMatchObject({
      status: 200,
      body: { id: one.body.id, object: "file", deleted: true },
    });
    for (const operation of ["getFile", "getFileContent", "deleteFile"] as const)
      expect(await call(operation, { params })).toMatchObject({
        status: 404,
        body: { detail: "File not found." },
      });
  });
});
