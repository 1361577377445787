/**
 * The MCP server's words and shapes, each on its own: the next step for a job in each status,
 * results and errors as agents read them, and how a long job or page is cut.
 */
import { describe, expect, it } from "vitest";
import { CODE_TOOLS } from "../mcp/src/code/tools.js";
import { servedTools } from "../mcp/src/server.js";
import { TOOLS } from "../mcp/src/tools.js";
import { nextStep, OUTPUTS_TOOL, toolFor, WAIT_TOOL_NAME } from "../mcp/src/next-steps.js";
import { failure, failureOf, refusal, success } from "../mcp/src/results.js";
import { PathRefused } from "../mcp/src/roots.js";
import { JOB_ITEMS, PAGE_ITEMS, shapeJob, shapePage } from "../mcp/src/shape.js";
import { APIError, InvalidRequestError } from "../src/core/errors.js";
import { DataJobStateError } from "../src/resources/job-errors.js";

const ID = 'data_job_id "dj-1"';

describe("the next step for a data job", () => {
  it("names the tools to call, with the job's id filled in", () => {
    expect([
      toolFor("getDataJob"),
      toolFor("getFileContent"),
      OUTPUTS_TOOL,
      WAIT_TOOL_NAME,
    ]).toEqual(["get_data_job", "download_file", "list_data_job_outputs", "wait_for_data_job"]);
    expect(nextStep("needs_review", "dj-1")).toBe(
      `fix it: read its ingestion records' error_message and suggested_fix (call get_data_job with ${ID}), then call remove_data_job_files or add_data_job_files (or update_data_job) with ${ID}, and wait_for_data_job with ${ID}, until "ready_to_start"`,
    );
    expect(nextStep("ready_to_start", "dj-1")).toBe(
      `call start_data_job with ${ID}, then wait_for_data_job with ${ID}`,
    );
    expect(nextStep("completed", "dj-1")).toBe(
      `call list_data_job_outputs with ${ID} to find the dataset, then download_file with its file_id and a path`,
    );
    for (const status of ["failed", "cancelled"])
      expect(nextStep(status, "dj-1")).toBe(
        `the job ended ${status}; to try again, call clone_data_job with ${ID} and start the copy`,
      );
    for (const status of ["file_processing", "queued", "running", "some_new_status"])
      expect(nextStep(status, "dj-1")).toBeUndefined();
  });
});

describe("tool results", () => {
  it("carry an object as it is, a list as { data }, and anything else as { done: true }", () => {
    for (const [data, structured] of [
      [{ id: "dj-1" }, { id: "dj-1" }],
      [[1, 2], { data: [1, 2] }],
      [undefined, { done: true }],
      [null, { done: true }],
      ["text", { done: true }],
    ] as const)
      expect(success(data)).toStrictEqual({
        content: [{ type: "text", text: JSON.stringify(structured) }],
        structuredContent: structured,
      });
  });

  it("say an error on its first line and each detail on a line of its own", () => {
    expect(failure("It broke", ["a: one", "b: two"])).toStrictEqual({
      isError: true,
      content: [{ type: "text", text: "It broke\n- a: one\n- b: two" }],
    });
    expect(failure("Alone")).toStrictEqual({
      isError: true,
      content: [{ type: "text", text: "Alone" }],
    });
    expect(refusal("No root")).toStrictEqual(failure("No root. Nothing was sent."));
    expect(refusal("No root.", ["x"])).toStrictEqual(failure("No root. Nothing was sent.", ["x"]));
  });

  it("word each error the client throws for an agent", () => {
    const invalid = new InvalidRequestError("createDataJob", [
      { field: "body.name", rule: "minLength", message: "must be at least 1 character" },
      { field: "path.data_job_id", rule: "pattern", message: "must match" },
      { field: "header.x-team-id", rule: "type", message: "must be a string" },
    ] as never);
    expect(failureOf(invalid)).toStrictEqual(
      failure("The input breaks the API's document. Nothing was sent.", [
        "name: must be at least 1 character",
        "data_job_id: must match",
        "header.x-team-id: must be a string",
      ]),
    );
    expect(failureOf(new PathRefused("x is outside the roots"))).toStrictEqual(
      refusal("x is outside the roots"),
    );
    const target = { operation: "getDataJob", method: "GET", path: "/v1/flow/data-jobs/dj-1" };
    const notFound = new APIError({
      ...target,
      status: 404,
      body: { detail: "Not found." },
      headers: new Headers(),
    });
    expect(failureOf(notFound)).toStrictEqual(failure(notFound.message));
    const unprocessable = new APIError({
      ...target,
      status: 422,
      body: { detail: [{ loc: ["body", "name"], msg: "Field required", type: "missing" }] },
      headers: new Headers(),
    });
    expect(failureOf(unprocessable)).toStrictEqual(
      failure(unprocessable.message, unprocessable.detailLines()),
    );
    expect(unprocessable.detailLines().length).toBeGreaterThan(0);
    const job = { id: "dj-1", status: "needs_review", files: [], ingestion_jobs: [] } as never;
    const state = new DataJobStateError(job, "start");
    expect(failureOf(state)).toStrictEqual(failure(state.message, state.reasons));
    expect(failureOf(new TypeError("boom"))).toStrictEqual(failure("boom"));
    expect(failureOf("plain")).toStrictEqual(failure("plain"));
  });
});

describe("a long data job, cut", () => {
  const items = (n: number, make: (i: number) => Record<string, unknown> = (i) => ({ i })) =>
    Array.from({ length: n }, (_, i) => make(i));

  it("is whole while every list has at most JOB_ITEMS items", () => {
    const job = { id: "dj-1", files: items(JOB_ITEMS), nested: { list: [1, 2] }, name: null };
    expect(shapeJob(job, "get_data_job")).toStrictEqual(job);
  });

  it("shows failures first, says how many there are, and how to page the rest", () => {
    const records = items(JOB_ITEMS + 5, (i) =>
      i === 27
        ? { i, status: "FAILED" }
        : i === 28
          ? { i, error_message: "bad" }
          : i === 29
            ? { i, status: "error" }
            : { i, status: "completed" },
    );
    const shaped = shapeJob(
      { id: "dj-1", ingestion_jobs: [{ records }], timeline: items(JOB_ITEMS + 1) },
      "get_data_job",
    ) as any;
    const shown = shaped.ingestion_jobs[0].records;
    expect(shown).toHaveLength(JOB_ITEMS);
    expect(shown.slice(0, 4).map((r: { i: number }) => r.i)).toEqual([27, 28, 29, 0]);
    expect(shaped.timeline).toEqual(items(JOB_ITEMS));
    expect(shaped.more).toStrictEqual({
      "ingestion_jobs.0.records": {
        total: 30,
        shown: 25,
        failed: 3,
        next: 'call get_data_job with data_job_id "dj-1", list "ingestion_jobs.0.records", offset 0 (then the next offset) to page through them in order',
      },
      timeline: {
        total: 26,
        shown: 25,
        next: 'call get_data_job with data_job_id "dj-1", list "timeline", offset 0 (then the next offset) to page through them in order',
      },
    });
  });

  it("shows the page asked for, in order, and where the next one starts", () => {
    const job = { id: "dj-1", timeline: items(60), files: items(30) };
    const first = shapeJob(job, "get_data_job", { list: "timeline", offset: 10 }) as any;
    expect(first.timeline).toEqual(items(60).slice(10, 35));
    expect(first.more.timeline).toStrictEqual({
      total: 60,
      shown: 25,
      offset: 10,
      next: 'call get_data_job with data_job_id "dj-1", list "timeline", offset 35',
    });
    expect(first.more.files).toMatchObject({ total: 30, shown: 25 });
    const last = shapeJob(job, "get_data_job", { list: "timeline", offset: 50 }) as any;
    expect(last.timeline).toEqual(items(60).slice(50));
    expect(last.more.timeline).toStrictEqual({ total: 60, shown: 10, offset: 50 });
    const short = shapeJob({ id: "dj-1", files: items(3) }, "get_data_job", {
      list: "files",
      offset: 0,
    }) as any;
    expect(short.more).toStrictEqual({ files: { total: 3, shown: 3, offset: 0 } });
  });

  it("refuses a page of a list the job does not have, naming the lists it could be", () => {
    expect(() =>
      shapeJob({ id: "dj-1", files: [] }, "get_data_job", { list: "records", offset: 0 }),
    ).toThrow(
      'Data job dj-1 has no list "records": name one as its answer places it, such as "timeline", "files" or "ingestion_jobs.0.records".',
    );
  });
});

describe("a long list page, cut", () => {
  it("shows PAGE_ITEMS items and names the offset of the rest", () => {
    const data = Array.from({ length: PAGE_ITEMS + 1 }, (_, i) => i);
    expect(shapePage({ object: "list", data }, "list_files", 20)).toStrictEqual({
      object: "list",
      data: data.slice(0, PAGE_ITEMS),
      more: {
        data: {
          total: 101,
          shown: 100,
          next: "call list_files with offset 120 and limit 100 for the next items",
        },
      },
    });
    const whole = { object: "list", data: data.slice(0, PAGE_ITEMS) };
    expect(shapePage(whole, "list_files", 0)).toBe(whole);
    const odd = { data: "not a list" };
    expect(shapePage(odd, "list_files", 0)).toBe(odd);
  });
});

describe("tools/list", () => {
  it("is what test/emitted/mcp-tools.json holds, for each mode (review its diff; -u rewrites it)", async () => {
    const modes = Object.fromEntries(
      (["tools", "code", "both"] as const).map((mode) => [
        mode,
        servedTools({ mode, readOnly: false, tools: undefined }).map((tool) => tool.name),
      ]),
    );
    await expect(
      `${JSON.stringify({ modes, tools: TOOLS, codeTools: CODE_TOOLS }, null, 2)}\n`,
    ).toMatchFileSnapshot("emitted/mcp-tools.json");
  });
});
