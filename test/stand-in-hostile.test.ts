/**
 * The stand-in against hostile and odd requests: never a 500 for a client's mistake, never a body
 * the document forbids, errors shaped as SeekrFlow's, sorting and CORS as documented.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SeekrFlow } from "../src/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { rawHttp } from "./support/raw-http.js";
import { responseProblems } from "./support/response-validator.js";

const KEY = "sk-hostile";
const auth = { authorization: KEY };
let server: StandIn;
let flow: SeekrFlow;

beforeAll(async () => {
  server = await startStandIn({ apiKey: KEY, clock: "manual", maxBodyBytes: 64 * 1024 });
  flow = new SeekrFlow({ apiKey: KEY, baseUrl: server.url });
});
afterEach(() => {
  expect(server.problems).toEqual([]);
});
afterAll(() => server.close());

async function completedJob(name: string) {
  const file = await flow.files.upload(new File(["# doc"], "doc.md"), { purpose: "alignment" });
  const job = await flow.dataJobs.create({ name, job_type: "principle_files" });
  await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
  server.settle(job.id, "ready_to_start");
  await flow.dataJobs.start(job.id);
  return server.settle(job.id, "completed");
}

describe("methods and paths", () => {
  it.each([
    ["TRACE", "/v1/flow/data-jobs", "POST, GET"],
    ["PUT", "/v1/flow/data-jobs", "POST, GET"],
    ["DELETE", "/v1/flow/files", "GET, PUT"],
  ])("%s %s → 405 with Allow", async (method, path, allow) => {
    const answer = await rawHttp(server.url, method, path, auth);
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe(allow);
  });

  it.each([
    ["PUT", "/v1/flow/data-jobs/gen_system_prompt", "POST"],
    ["OPTIONS", "/v1/flow/data-jobs/gen_system_prompt", "POST"],
    ["TRACE", "/v1/flow/data-jobs/gen_system_prompt", "POST"],
    ["PUT", "/v1/flow/data-jobs/dj-1", "GET, PATCH, DELETE"],
  ])(
    "%s %s → 405 allowing only that route's methods (%s), as FastAPI routes",
    async (method, path, allow) => {
      const answer = await rawHttp(server.url, method, path, auth);
      expect(answer.status).toBe(405);
      expect(answer.headers.allow?.toString().split(", ").sort()).toEqual(allow.split(", ").sort());
    },
  );

  it.each(["GET", "DELETE"])(
    "%s /v1/flow/data-jobs/gen_system_prompt falls through to /{data_job_id}: a 404 for that id",
    async (method) => {
      const answer = await rawHttp(
        server.url,
        method,
        "/v1/flow/data-jobs/gen_system_prompt",
        auth,
      );
      expect(answer.status).toBe(404);
      expect(answer.json()).toEqual({ detail: "Data job not found." });
      expect(server.requests.at(-1)?.operation).toBe(
        method === "GET" ? "getDataJob" : "deleteDataJob",
      );
    },
  );

  it("a malformed percent-encoding in an id → 404", async () => {
    const answer = await rawHttp(server.url, "GET", "/v1/flow/data-jobs/%E0%A4%A", auth);
    expect(answer.status).toBe(404);
    expect(responseProblems("getDataJob", 404, answer.json())).toEqual([]);
  });
});

describe("state the document forbids never comes back", () => {
  it("deleting a completed job's dataset file leaves list, get and outputs valid", async () => {
    const job = await completedJob("Dataset deleted");
    const output = job.alignment_job!.output_files![0]!;
    await flow.files.delete(output.id);
    for (const [operation, path] of [
      ["listDataJobs", "/v1/flow/data-jobs"],
      ["getDataJob", `/v1/flow/data-jobs/${job.id}`],
      ["listAlignmentOutputs", `/v1/flow/alignment/${job.alignment_job_id}/outputs`],
    ] as const) {
      const answer = await rawHttp(server.url, "GET", path, auth);
      expect([operation, answer.status]).toEqual([operation, 200]);
      expect(responseProblems(operation, 200, answer.json())).toEqual([]);
    }
  });

  it("PATCH name: null keeps the name (as the document says); null clears instructions", async () => {
    const job = await flow.dataJobs.create({
      name: "Keep me",
      job_type: "principle_files",
      instructions: "Q&A",
    });
    const answer = await rawHttp(
      server.url,
      "PATCH",
      `/v1/flow/data-jobs/${job.id}`,
      { ...auth, "content-type": "application/json" },
      JSON.stringify({ name: null, instructions: null }),
    );
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ name: "Keep me", instructions: null });
    expect((await flow.dataJobs.list()).data?.some((j) => j.id === job.id)).toBe(true);
  });

  it("add-files with an empty or unknown id attaches nothing", async () => {
    const job = await flow.dataJobs.create({ name: "No ghosts", job_type: "principle_files" });
    for (const ids of [[""], ["file-nope"]]) {
      const answer = await rawHttp(
        server.url,
        "POST",
        `/v1/flow/data-jobs/${job.id}/add-files`,
        { ...auth, "content-type": "application/json" },
        JSON.stringify({ file_ids: ids }),
      );
      expect([404, 422]).toContain(answer.status);
    }
    expect((await flow.dataJobs.get(job.id)).files).toEqual([]);
  });
});

describe("bodies it cannot read", () => {
  it("unparseable JSON → 422 json_invalid, as FastAPI says it", async () => {
    const answer = await rawHttp(
      server.url,
      "POST",
      "/v1/flow/data-jobs",
      { ...auth, "content-type": "application/json" },
      "{not json",
    );
    expect(answer.status).toBe(422);
    expect(answer.json().detail[0]).toMatchObject({ type: "json_invalid", loc: ["body", 0] });
  });

  it("an unparseable multipart body → 400", async () => {
    const answer = await rawHttp(
      server.url,
      "PUT",
      "/v1/flow/files",
      { ...auth, "content-type": "multipart/form-data; boundary=xyz" },
      "this is not multipart",
    );
    expect(answer.status).toBe(400);
  });

  it.each([false, true])(
    "a body over maxBodyBytes → 413 without reading it (chunked: %s)",
    async (chunked) => {
      const big = "x".repeat(200 * 1024);
      const answer = await rawHttp(
        server.url,
        "POST",
        "/v1/flow/data-jobs",
        { ...auth, "content-type": "application/json" },
        JSON.stringify({ name: big, job_type: "principle_files" }),
        chunked,
      );
      expect(answer.status).toBe(413);
    },
  );

  it.each([false, true])(
    "a multipart form over maxBodyBytes → 413 (chunked: %s)",
    async (chunked) => {
      const boundary = "xyz";
      const form = [
        `--${boundary}`,
        'Content-Disposition: form-data; name="purpose"',
        "",
        "alignment",
        `--${boundary}`,
        'Content-Disposition: form-data; name="files"; filename="big.md"',
        "Content-Type: text/markdown",
        "",
        "x".repeat(200 * 1024),
        `--${boundary}--`,
        "",
      ].join("\r\n");
      const answer = await rawHttp(
        server.url,
        "PUT",
        "/v1/flow/files",
        { ...auth, "content-type": `multipart/form-data; boundary=${boundary}` },
        form,
        chunked,
      );
      expect(answer.status).toBe(413);
    },
  );
});

describe("422 bodies shaped as SeekrFlow sends them", () => {
  it.each([
    [
      { name: "", job_type: "principle_files" },
      { loc: ["body", "name"], type: "string_too_short", input: "", ctx: { min_length: 1 } },
    ],
    [
      { name: "x".repeat(256), job_type: "principle_files" },
      { loc: ["body", "name"], type: "string_too_long", ctx: { max_length: 255 } },
    ],
    [
      { job_type: "principle_files" },
      { loc: ["body", "name"], type: "missing", msg: "Field required" },
    ],
    [
      { name: "x", job_type: "principles" },
      { loc: ["body", "job_type"], type: "enum", input: "principles" },
    ],
  ])("%j", async (body, item) => {
    const answer = await rawHttp(
      server.url,
      "POST",
      "/v1/flow/data-jobs",
      { ...auth, "content-type": "application/json" },
      JSON.stringify(body),
    );
    expect(answer.status).toBe(422);
    expect(answer.json().detail).toContainEqual(expect.objectContaining(item));
    expect(responseProblems("createDataJob", 422, answer.json())).toEqual([]);
  });

  it("query and header parameters too: limit, and an empty x-team-id", async () => {
    const limit = await rawHttp(server.url, "GET", "/v1/flow/data-jobs?limit=abc", auth);
    expect(limit.json().detail).toContainEqual(
      expect.objectContaining({ loc: ["query", "limit"], type: "int_parsing", input: "abc" }),
    );
    const big = await rawHttp(server.url, "GET", "/v1/flow/data-jobs?limit=1000", auth);
    expect(big.json().detail).toContainEqual(
      expect.objectContaining({
        loc: ["query", "limit"],
        type: "less_than_equal",
        ctx: { le: 100 },
      }),
    );
    const team = await rawHttp(server.url, "GET", "/v1/flow/data-jobs", {
      ...auth,
      "x-team-id": "",
    });
    expect(team.status).toBe(422);
    expect(team.json().detail).toContainEqual(
      expect.objectContaining({ loc: ["header", "x-team-id"], type: "string_too_short" }),
    );
  });
});

describe("sorting and paging as documented", () => {
  it("sort_by and sort_order, with the document's defaults (created_at, desc)", async () => {
    const sorter = await startStandIn({ apiKey: KEY, clock: "manual" });
    try {
      const client = new SeekrFlow({ apiKey: KEY, baseUrl: sorter.url });
      for (const name of ["b", "c", "a"]) {
        await client.dataJobs.create({ name, job_type: "principle_files" });
        sorter.advance(1000);
      }
      const names = async (query: Record<string, string>) =>
        ((await client.dataJobs.list(query as never)).data ?? []).map((j) => j.name);
      expect(await names({})).toEqual(["a", "c", "b"]);
      expect(await names({ sort_order: "asc" })).toEqual(["b", "c", "a"]);
      expect(await names({ sort_by: "name", sort_order: "asc" })).toEqual(["a", "b", "c"]);
      expect(await names({ sort_by: "name", sort_order: "desc" })).toEqual(["c", "b", "a"]);
      for (const name of ["z.md", "a.md"])
        await client.files.upload(new File(["x"], name), { purpose: "alignment" });
      const files = await client.files.list({ sort_by: "filename", sort_order: "asc" });
      expect(files.data?.map((f) => f.filename)).toEqual(["a.md", "z.md"]);
    } finally {
      await sorter.close();
    }
  });
});

describe("CORS for browser tests on this machine", () => {
  it("answers a preflight before auth, and marks answers for loopback origins", async () => {
    const origin = "http://127.0.0.1:5173";
    const preflight = await rawHttp(server.url, "OPTIONS", "/v1/flow/data-jobs", {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type",
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe(origin);
    expect(preflight.headers["access-control-allow-headers"]).toContain("x-team-id");
    const get = await rawHttp(server.url, "GET", "/v1/flow/data-jobs", { ...auth, origin });
    expect(get.headers["access-control-allow-origin"]).toBe(origin);
    const foreign = await rawHttp(server.url, "GET", "/v1/flow/data-jobs", {
      ...auth,
      origin: "https://evil.example",
    });
    expect(foreign.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("a stand-in bug is loud", () => {
  it("an answer that breaks the document becomes a 500 that says so, and is listed", async () => {
    const buggy = await startStandIn({ apiKey: KEY });
    try {
      buggy.failNext(418, 1, {}, { detail: "teapot" });
      // failNext answers are sent as given, unchecked: the knob is for injecting what servers do.
      expect((await rawHttp(buggy.url, "GET", "/v1/flow/data-jobs", auth)).status).toBe(418);
      expect(buggy.problems).toEqual([]);
      expect(buggy.requests.map((r) => r.operation)).toEqual(["listDataJobs"]);
    } finally {
      await buggy.close();
    }
  });

  it('a corrupted record is answered 500 "stand-in bug", never sent, and listed in problems', async () => {
    const buggy = await startStandIn({ apiKey: KEY });
    try {
      const flow = new SeekrFlow({ apiKey: KEY, baseUrl: buggy.url, maxRetries: 0 });
      const file = await flow.files.upload(
        { data: new Blob(["# hi\n"]), filename: "hi.md" },
        { purpose: "alignment" },
      );
      // A bug in a handler, simulated: the stored record no longer fits the document.
      (buggy.files.get(file.id)!.meta as { bytes: unknown }).bytes = "many";
      const answer = await rawHttp(buggy.url, "GET", `/v1/flow/files/${file.id}`, auth);
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.body).detail).toMatch(
        /^stand-in bug: getFile answered 200 with \/bytes must be integer/,
      );
      expect(answer.body).not.toContain('"many"');
      expect(buggy.problems).toEqual([expect.stringMatching(/^getFile answered 200 with \/bytes/)]);
    } finally {
      await buggy.close();
    }
  });
});
