/**
 * Code mode, tried as an agent and as an attacker: `execute` runs TypeScript against the client
 * in the QuickJS sandbox, `search_docs` finds methods; escapes, endless loops, memory bombs and
 * huge results end as `isError` with the server still serving; `--read-only` stops every spelling
 * of a write at the request.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolTable } from "../mcp/src/generated/tools.js";
import { methodsOf } from "../mcp/src/code/host.js";
import { SeekrFlow } from "../src/node/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { connectInMemory, flowOn, type Result, text } from "./support/mcp.js";

const KEY = "sk-code-mode-123456";
let standIn: StandIn;
let root: string;

beforeAll(async () => {
  standIn = await startStandIn({
    apiKey: KEY,
    clock: { mode: "manual", stepMs: 50 },
    ingestionMs: 20,
    queueMs: 20,
    runMs: 60,
  });
  root = await mkdtemp(path.join(tmpdir(), "seekrflow-code-"));
  await writeFile(
    path.join(root, "handbook.md"),
    "# Leave\nStaff get 25 days.\n\n# Hours\n10 to 4.\n",
  );
});
afterAll(async () => {
  await standIn.close();
  await rm(root, { recursive: true, force: true });
});

const code = async (options: Record<string, unknown> = {}) =>
  connectInMemory({ flow: flowOn(standIn.url, KEY), roots: [root], mode: "code", ...options });

describe("seekrflow-mcp --mode code", { timeout: 60_000 }, () => {
  it("lists exactly execute and search_docs, within 1,500 tokens", async () => {
    const { client, close } = await code();
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(["execute", "search_docs"]);
      expect(countTokens(JSON.stringify(tools))).toBeLessThanOrEqual(1500);
    } finally {
      await close();
    }
  });

  it("runs TypeScript with flow and console, and answers { result, logs }", async () => {
    const { call, close } = await code();
    try {
      await call("execute", {
        code: 'await flow.dataJobs.create({ name: "one", job_type: "principle_files" }); await flow.dataJobs.create({ name: "two", job_type: "principle_files" });',
      });
      const counted = await call("execute", {
        code: [
          "let n: number = 0;",
          "interface Seen { name: string }",
          "const names: Seen[] = [];",
          "for await (const job of flow.dataJobs.list({ limit: 1 })) { n++; names.push({ name: job.name }); }",
          'console.log("counted", n, { first: names[0] });',
          "return { n, names };",
        ].join("\n"),
      });
      expect(counted.isError, text(counted)).toBeFalsy();
      expect(counted.structuredContent.result.n).toBeGreaterThanOrEqual(2);
      expect(counted.structuredContent.logs[0]).toMatch(/^counted \d+ \{"first":\{"name":/);
      expect(text(counted)).toBe(JSON.stringify(counted.structuredContent));
      const paged = await call("execute", {
        code: 'let n = 0; for await (const j of flow.paginate("listDataJobs", { limit: 1 })) n++; const page = await flow.dataJobs.list({ limit: 1 }); return [n, page.data.length];',
      });
      expect(paged.structuredContent.result[1]).toBe(1);
    } finally {
      await close();
    }
  });

  it("runs the whole workflow in one call: a local document to a downloaded dataset", async () => {
    const { call, close } = await code();
    try {
      const before = standIn.requests.length;
      const result = await call("execute", {
        code: `
          const file = await flow.files.upload("handbook.md", { purpose: "alignment" });
          const job = await flow.dataJobs.create({ name: "Workflow", job_type: "principle_files" });
          await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
          await flow.dataJobs.waitFor(job.id, { until: "ready_to_start", intervalMs: 10 });
          await flow.dataJobs.start(job.id);
          const done = await flow.dataJobs.waitFor(job.id, { intervalMs: 10 });
          const outputs = await flow.dataJobs.outputs(job.id);
          const dataset = outputs.find((o) => o.purpose === "fine-tune");
          const saved = await flow.files.download(dataset.id, "dataset.parquet");
          return { status: done.status, saved };`,
      });
      expect(result.isError, text(result)).toBeFalsy();
      expect(result.structuredContent.result).toMatchObject({
        status: "completed",
        saved: { path: path.join(root, "dataset.parquet") },
      });
      expect((await readFile(path.join(root, "dataset.parquet"))).subarray(0, 4).toString()).toBe(
        "PAR1",
      );
      expect(standIn.requests.length - before).toBeGreaterThan(6);
    } finally {
      await rm(path.join(root, "dataset.parquet"), { force: true });
      await close();
    }
  });

  it("answers errors with the line and a hint: syntax, a thrown error, an unknown method, an API error", async () => {
    const { call, close } = await code();
    try {
      const syntax = await call("execute", { code: "const a = 1;\nconst b = ;\nreturn a;" });
      expect([syntax.isError, text(syntax)]).toEqual([
        true,
        expect.stringMatching(/^SyntaxError \(line 2\)/),
      ]);
      const thrown = await call("execute", { code: 'const x = 1;\n\nthrow new Error("no " + x);' });
      expect(text(thrown)).toMatch(/^Error \(line 3\): no 1/);
      const unknown = await call("execute", { code: "return await flow.dataJobs.crate({});" });
      expect(text(unknown)).toContain(
        "flow.dataJobs.crate is not a method of the client. Did you mean flow.dataJobs.create?",
      );
      const api = await call("execute", { code: 'return await flow.dataJobs.get("dj-missing");' });
      expect(text(api)).toMatch(/failed with 404/);
      expect(text(api)).toContain("status 404");
      standIn.failNext(
        422,
        1,
        {},
        {
          detail: [
            { loc: ["body", "name"], msg: "a name like that is taken", type: "value_error" },
          ],
        },
      );
      const refused = await call("execute", { code: "return await flow.files.list();" });
      expect(text(refused)).toMatch(/failed with 422/);
      expect(text(refused)).toContain("- body.name: a name like that is taken");
      const invalid = await call("execute", {
        code: 'return await flow.dataJobs.create({ name: "", job_type: "principle_files" });',
      });
      expect(text(invalid)).toMatch(/InvalidRequestError.*nothing was sent/);
      expect(text(invalid)).toContain("body.name: must be at least 1 character long");
    } finally {
      await close();
    }
  });
});

describe("the sandbox, tried as an attacker", { timeout: 120_000 }, () => {
  const escapes: [string, string][] = [
    [
      "the host's globals",
      "return [typeof process, typeof require, typeof fetch, typeof setTimeout, typeof Deno, typeof module];",
    ],
    [
      "Function-constructor chains",
      'return [flow.constructor.constructor, (() => {}).constructor("return typeof process")(), Function("return this")().process];',
    ],
    ["eval in the guest", 'return eval("typeof process + typeof require");'],
    [
      "import()",
      'try { await import("node:fs"); return "imported"; } catch (e) { return String(e); }',
    ],
    [
      "prototype pollution through the proxies",
      "Object.prototype.polluted = 1; flow.__proto__.x = 1; try { Object.setPrototypeOf(flow, {}); } catch {} return [({}).polluted, typeof flow.dataJobs];",
    ],
    [
      "Proxy and Reflect tricks on flow",
      "return [Reflect.ownKeys(flow), Object.getOwnPropertyNames(flow), Reflect.getPrototypeOf(flow) === Function.prototype, String(Object.getOwnPropertyDescriptors(flow))];",
    ],
    [
      "reading the key through any property",
      'const tries = [() => flow.apiKey(), () => flow.raw.GET("/v1/flow/files"), () => flow.withOptions({}), () => flow.files.content("file-1"), () => flow["#caller"]()];\nconst out = [];\nfor (const t of tries) { try { out.push(await t()); } catch (e) { out.push(e.message); } }\nreturn out;',
    ],
    [
      "toJSON and inspection of flow",
      "return [JSON.stringify(flow), String(flow.dataJobs), typeof flow.toJSON, Object.keys(globalThis)];",
    ],
  ];
  it.each(escapes)("reaches no host object or key: %s", async (_name, body) => {
    const { call, close } = await code();
    try {
      const result = await call("execute", { code: body });
      const everything = JSON.stringify(result);
      expect(everything).not.toContain(KEY.slice(0, 8));
      // Nothing of the host came back: no module, no host global, no process.
      expect(everything).not.toMatch(/imported|\[object process\]|"object","object"/);
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
      if (_name === "the host's globals")
        expect(result.structuredContent.result).toEqual(Array(6).fill("undefined"));
      if (_name === "eval in the guest")
        expect(result.structuredContent.result).toBe("undefinedundefined");
      if (_name === "Function-constructor chains")
        expect(result.structuredContent.result).toEqual([{}, "undefined", null]);
      // Still serving.
      expect((await call("execute", { code: "return 1 + 1;" })).structuredContent.result).toBe(2);
    } finally {
      await close();
    }
  });

  it("stops an endless loop, a memory bomb and a 50 MB result, and serves the next call", async () => {
    // Each limit on its own: the loop meets a short CPU limit; the rest have all the CPU they want.
    const short = await code({ codeLimits: { cpuMs: 500 } });
    try {
      const loop = await short.call("execute", { code: "for (;;) {}" });
      expect([loop.isError, text(loop)]).toEqual([
        true,
        expect.stringContaining("a loop that does not end?"),
      ]);
      expect(
        (await short.call("execute", { code: "return 40 + 2;" })).structuredContent.result,
      ).toBe(42);
    } finally {
      await short.close();
    }
    const { call, close } = await code({
      codeLimits: { cpuMs: 600_000, memoryBytes: 16 * 2 ** 20 },
    });
    try {
      const bomb = await call("execute", {
        code: "const a = []; for (;;) a.push(new Array(100000).fill(a.length));",
      });
      expect([bomb.isError, text(bomb)]).toEqual([
        true,
        expect.stringMatching(/out of memory|more memory/),
      ]);
      const big = await call("execute", { code: 'return "x".repeat(50 * 1024 * 1024);' });
      expect(countTokens(JSON.stringify(big))).toBeLessThan(25_000);
      if (!big.isError) expect(big.structuredContent.notices[0]).toMatch(/the result was cut at/);
      const logs = await call("execute", {
        code: 'for (let i = 0; i < 20000; i++) console.log("line " + i); return 1;',
      });
      expect(countTokens(JSON.stringify(logs))).toBeLessThan(25_000);
      expect(logs.structuredContent.notices).toContain(
        "the console output was cut: log less, or return the data",
      );
      expect((await call("execute", { code: "return 40 + 2;" })).structuredContent.result).toBe(42);
    } finally {
      await close();
    }
  });

  it("caps the API calls of one run", async () => {
    const { call, close } = await code({ codeLimits: { maxCalls: 3 } });
    try {
      const result = await call("execute", {
        code: 'for (let i = 0; i < 10; i++) await flow.files.list({ limit: 1 }); return "done";',
      });
      expect(text(result)).toContain("more than 3 calls in one execute");
    } finally {
      await close();
    }
  });

  it("--read-only stops every spelling of a write at the request; reads still run", async () => {
    const { call, close } = await code({ readOnly: true });
    try {
      const spellings = [
        'await flow.dataJobs.create({ name: "w", job_type: "principle_files" })',
        'await flow.dataJobs["cre" + "ate"]({ name: "w", job_type: "principle_files" })',
        'await flow.request("createDataJob", { body: { name: "w", job_type: "principle_files" } })',
        'await flow["request"](["create", "DataJob"].join(""), { body: { name: "w", job_type: "principle_files" } })',
        'await flow.files.upload("handbook.md", { purpose: "alignment" })',
        'await flow.files.download("file-1", "out.bin")',
      ];
      const before = standIn.requests.filter((r) => r.method !== "GET").length;
      for (const spelling of spellings) {
        const result = await call("execute", { code: `${spelling}; return "wrote";` });
        expect([result.isError, text(result)], spelling).toEqual([
          true,
          expect.stringMatching(/^PermissionRefused.*read-only.*Nothing was sent\./s),
        ]);
      }
      expect(standIn.requests.filter((r) => r.method !== "GET").length).toBe(before);
      const read = await call("execute", { code: "return (await flow.files.list()).object;" });
      expect(read.isError, text(read)).toBeFalsy();
    } finally {
      await close();
    }
  });

  it("--tools limits apply by operation, whatever the spelling", async () => {
    const { call, close } = await code({ tools: ["list_files"] });
    try {
      expect(
        (await call("execute", { code: "return (await flow.files.list()).object;" })).isError,
      ).toBeFalsy();
      const other = await call("execute", {
        code: 'return await flow.request("listDataJobs", {});',
      });
      expect(text(other)).toMatch(/listDataJobs is not among the tools this server allows/);
    } finally {
      await close();
    }
  });

  it("keeps local paths under the roots, and none without a root", async () => {
    const { call, close } = await code();
    try {
      const outside = await call("execute", {
        code: 'return await flow.files.upload("/etc/passwd", { purpose: "alignment" });',
      });
      expect(text(outside)).toContain("outside the allowed roots");
    } finally {
      await close();
    }
    const none = await connectInMemory({ flow: flowOn(standIn.url, KEY), mode: "code" });
    try {
      const result = await none.call("execute", {
        code: 'return await flow.files.upload("package.json", { purpose: "alignment" });',
      });
      expect(text(result)).toContain("--root DIR");
    } finally {
      await none.close();
    }
  });
});

describe("search_docs", () => {
  it.each([
    ["create a data job", "flow.dataJobs.create(body, options?)"],
    ["upload a file", "flow.files.upload(path, { purpose, ...options })"],
    ["wait for a job", "flow.dataJobs.waitFor("],
    ["download the dataset", "flow.files.download(file_id, path, options?)"],
  ])(
    "finds %s within 1,500 tokens, with a sample and the fields it returns",
    async (query, call) => {
      const { call: callTool, close } = await code();
      try {
        const result = (await callTool("search_docs", { query })) as Result;
        expect(text(result)).toContain(`### ${call}`);
        expect(text(result)).toContain("```ts");
        expect(text(result)).toContain("Returns:");
        expect(countTokens(JSON.stringify(result))).toBeLessThanOrEqual(1500);
      } finally {
        await close();
      }
    },
  );

  it("names, for every operation, a facade method the client has", () => {
    const methods = methodsOf(new SeekrFlow({ apiKey: "k" }));
    for (const row of toolTable) {
      expect("facade" in row, row.operation).toBe(true);
      const name = (row as { facade: string }).facade.split("(")[0]!;
      expect(methods, row.operation).toContain(name);
    }
  });
});
