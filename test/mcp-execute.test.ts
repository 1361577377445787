/**
 * Code mode's `execute` called directly (callCodeTool, no MCP transport), each answer whole:
 * the result and logs, each kind of error with its line and hint, and every limit's words.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callCodeTool, DEFAULT_LIMITS } from "../mcp/src/code/tools.js";
import type { SandboxLimits } from "../mcp/src/code/sandbox.js";
import { SeekrFlow } from "../src/node/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";

const KEY = "sk-execute-123456";
let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn({ apiKey: KEY, clock: "manual" });
});
afterAll(() => standIn.close());

const context = (options: { limits?: Partial<SandboxLimits>; readOnly?: boolean } = {}) => ({
  flow: new SeekrFlow({ apiKey: KEY, baseUrl: standIn.url, logger: () => {} }),
  roots: [],
  readOnly: options.readOnly ?? false,
  tools: undefined,
  signal: new AbortController().signal,
  limits: { ...DEFAULT_LIMITS, ...options.limits },
});

async function execute(
  code: string,
  options: { limits?: Partial<SandboxLimits>; readOnly?: boolean } = {},
) {
  const result = await callCodeTool("execute", { code }, context(options));
  const text = (result.content as { text: string }[]).map((c) => c.text).join("\n");
  return { isError: result.isError === true, text, structured: result.structuredContent };
}

describe("execute", { timeout: 60_000 }, () => {
  it("answers { result, logs }, the logs as the guest wrote them", async () => {
    const ran = await execute(
      'console.log("a", { b: 1 }, [2]); console.error(new Error("e")); return { n: 1 };',
    );
    expect(ran).toEqual({
      isError: false,
      text: JSON.stringify({ result: { n: 1 }, logs: ['a {"b":1} [2]', "Error: e"] }),
      structured: { result: { n: 1 }, logs: ['a {"b":1} [2]', "Error: e"] },
    });
    expect((await execute("const x: number = 2;\nreturn x * 2;")).structured).toEqual({
      result: 4,
      logs: [],
    });
    expect((await execute("return;")).structured).toEqual({ result: null, logs: [] });
  });

  it("says where a syntax error is, and what the code should be", async () => {
    const ran = await execute("const a = 1;\nconst b = ;\nreturn a;");
    expect(ran.isError).toBe(true);
    expect(ran.text).toMatch(/^SyntaxError \(line 2\): [^\n]*[^)]$/m);
    expect(ran.text.split("\n").slice(1)).toEqual([
      "- The code is the body of an async function: statements, `await`, and `return` for the result.",
    ]);
  });

  it("says a syntax error's line past the ninth, its message without the position", async () => {
    const ran = await execute(`${"\n".repeat(11)}const abcdefghi = ;`);
    expect(ran.text.split("\n")[0]).toBe("SyntaxError (line 12): Unexpected token");
  });

  it("keeps modern syntax as written: optional chaining and ??", async () => {
    const ran = await execute("const o = { a: { b: 2 } };\nreturn [o?.a?.b ?? 0, o.x?.y ?? null];");
    expect(ran.structured).toEqual({ result: [2, null], logs: [] });
  });

  it("takes missing code as empty, and a missing query as an empty one", async () => {
    expect(await callCodeTool("execute", {}, context())).toEqual(
      await callCodeTool("execute", { code: "" }, context()),
    );
    const none = await callCodeTool("search_docs", {}, context());
    expect(none).toEqual(await callCodeTool("search_docs", { query: "" }, context()));
    const found = await callCodeTool("search_docs", { query: "wait for a job" }, context());
    const calls = (found.structuredContent as { found: { call: string }[] }).found.map(
      (f) => f.call,
    );
    expect(calls[0]).toMatch(/^flow\.dataJobs\.waitFor\(/);
  });

  it("says what to do about recursion too deep for the sandbox", async () => {
    const ran = await execute("function down() { down(); }\ndown();");
    expect(ran.text).toBe(
      "InternalError (line 1): stack overflow\n- The code nested calls or data deeper than the sandbox allows: use a loop, or flatter data.",
    );
  });

  it("says a thrown error's line, with what was logged before it", async () => {
    const ran = await execute('console.log("before");\n\nthrow new TypeError("no " + 1);');
    expect(ran).toMatchObject({
      isError: true,
      text: 'TypeError (line 3): no 1\n- logs: ["before"]',
    });
    const thrown = await execute('throw "just text";');
    expect(thrown.text).toBe("Error: just text");
  });

  it("gives an API error's status and detail lines, and a refused input's fields", async () => {
    const missing = await execute('return await flow.dataJobs.get("dj-missing");');
    expect(missing.text).toMatch(
      /^NotFoundError: getDataJob \(GET \/v1\/flow\/data-jobs\/dj-missing\) failed with 404: Data job not found\.\n- status 404$/,
    );
    standIn.failNext(
      422,
      1,
      {},
      { detail: [{ loc: ["body", "name"], msg: "taken", type: "value_error" }] },
    );
    const refused = await execute("return await flow.files.list();");
    expect(refused.text.split("\n").slice(1)).toEqual(["- status 422", "- body.name: taken"]);
    const invalid = await execute(
      'return await flow.dataJobs.create({ name: "", job_type: "principle_files" });',
    );
    expect(invalid.text.split("\n")[0]).toBe(
      "InvalidRequestError: createDataJob: invalid request, nothing was sent: body.name must be at least 1 character long",
    );
    expect(invalid.text.split("\n").slice(1)).toEqual([
      "- body.name: must be at least 1 character long",
    ]);
  });

  it("gives a refusal of the server's options without a hint", async () => {
    const ran = await execute(
      'return await flow.dataJobs.create({ name: "x", job_type: "principle_files" });',
      {
        readOnly: true,
      },
    );
    expect(ran.text).toBe(
      "PermissionRefused: createDataJob changes data, and this server is --read-only: only reads run. Nothing was sent.",
    );
  });

  it("says each limit in words: time, memory, calls, console and result size", async () => {
    const loop = await execute("for (;;) {}", { limits: { cpuMs: 50 } });
    expect(loop.text.split("\n").at(-1)).toBe(
      "- The code ran longer than the sandbox allows: a loop that does not end?",
    );
    expect(loop.text).toMatch(/^InternalError[^\n]*interrupted/);
    const bomb = await execute(
      'const a = []; for (;;) a.push({ i: a.length, s: "x".repeat(1000) + a.length });',
      {
        limits: { memoryBytes: 8 * 2 ** 20 },
      },
    );
    expect(bomb.text.split("\n").at(-1)).toBe(
      "- The code used more memory than the sandbox allows: work on less at a time.",
    );
    const calls = await execute("await flow.files.list(); await flow.files.list(); return 1;", {
      limits: { maxCalls: 1 },
    });
    expect(calls.text).toBe(
      "LimitError: more than 1 calls in one execute: split the work, or page with limit",
    );
    const chatty = await execute('console.log("12345"); console.log("67890"); return 1;', {
      limits: { maxLogChars: 8 },
    });
    expect(chatty.structured).toEqual({
      result: 1,
      logs: ["12345"],
      notices: ["the console output was cut: log less, or return the data"],
    });
    const big = await execute('return "x".repeat(100);', { limits: { maxChars: 10 } });
    expect(big.structured).toEqual({
      result: '"xxxxxxxxx',
      logs: [],
      notices: ["the result was cut at 10 characters of JSON: return less, or a summary"],
    });
    const exact = await execute('return "xxxxxxxx";', { limits: { maxChars: 10 } });
    expect(exact.structured).toEqual({ result: "xxxxxxxx", logs: [] });
  });

  it("stops a run that waits longer than its wall time", async () => {
    const flow = new SeekrFlow({ apiKey: KEY, baseUrl: standIn.url });
    const file = await flow.files.upload(
      { data: new Blob(["# A"]), filename: "a.md" },
      { purpose: "alignment" },
    );
    const job = await flow.dataJobs.create({ name: "Never ready", job_type: "principle_files" });
    // The clock is manual: its files are ingested only when the test says, so the wait never ends.
    await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
    const ran = await execute(
      `return await flow.dataJobs.waitFor(${JSON.stringify(job.id)}, { until: "completed", intervalMs: 10 });`,
      {
        limits: { wallMs: 300 },
      },
    );
    expect(ran.text).toBe(
      "LimitError: the code ran for more than 0.3 s (waits on the API included): wait in shorter steps",
    );
  });
});
