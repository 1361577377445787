/**
 * The MCP server's promises, in process (./support/mcp.ts): no local file without a root, download
 * targets checked before anything is sent, answers never stricter than the client, a tool list and
 * answers an agent can afford, and next steps in tool terms.
 */
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { toolTable } from "../mcp/src/generated/tools.js";
import { inside } from "../mcp/src/roots.js";
import { TOOLS } from "../mcp/src/tools.js";
import { operationTable } from "../src/generated/operations.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { largeJob } from "./support/large-job.js";
import { connectInMemory, flowOn, type Result, text } from "./support/mcp.js";

const KEY = "sk-mcp-inproc-123456";
let standIn: StandIn;
let base: string;
let root: string;
let outside: string;

beforeAll(async () => {
  standIn = await startStandIn({
    apiKey: KEY,
    clock: { mode: "manual", stepMs: 10 },
    ingestionMs: 20,
    queueMs: 20,
    runMs: 60,
  });
  base = await mkdtemp(path.join(tmpdir(), "seekrflow-mcp-roots-"));
  root = path.join(base, "r");
  outside = path.join(base, "r-evil");
  await mkdir(path.join(root, "sub"), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(root, "handbook.md"), "# Handbook\nLeave: 25 days.\n");
  await writeFile(path.join(outside, "secret.md"), "# Not yours\n");
  await symlink(path.join(root, "sub"), path.join(root, "folder-link"));
  await symlink(path.join(root, "handbook.md"), path.join(root, "file-link.md"));
});
afterAll(async () => {
  await standIn.close();
  await rm(base, { recursive: true, force: true });
});

const flow = () => flowOn(standIn.url, KEY);
/** Every file and link under `dir`, to see that nothing was written. */
const tree = async (dir: string) => (await readdir(dir, { recursive: true })).sort();

describe("seekrflow-mcp: local files", () => {
  it("opens no local file without a root: the working directory is not one", async () => {
    const { call, close } = await connectInMemory({ flow: flow() });
    try {
      const before = standIn.requests.length;
      const cwdFile = path.join(process.cwd(), "package.json");
      for (const [name, args] of [
        ["upload_file", { path: cwdFile, purpose: "alignment" }],
        ["upload_file", { path: "package.json", purpose: "alignment" }],
        ["upload_files", { paths: ["package.json"], purpose: "alignment" }],
        ["download_file", { file_id: "file-1", path: "dataset.parquet" }],
      ] as const) {
        const result = await call(name, args);
        expect([result.isError, text(result)], name).toEqual([
          true,
          expect.stringMatching(/--root DIR.*Nothing was sent\./s),
        ]);
      }
      expect(standIn.requests.length).toBe(before);
    } finally {
      await close();
    }
  });

  it("judges what goes to the API with the document's validators: a missing id is refused, nothing sent", async () => {
    await writeFile(path.join(root, "notes.md"), "# notes\n");
    const { call, close } = await connectInMemory({ flow: flow(), roots: [root] });
    try {
      const before = standIn.requests.length;
      for (const [name, args, problem] of [
        ["download_file", { path: "out.parquet" }, "file_id: is required"],
        ["get_file", {}, "file_id: is required"],
        ["upload_file", { path: "notes.md" }, "purpose: is required"],
        ["list_data_jobs", { limit: 0 }, "limit: must be at least 1"],
        ["upload_file", { purpose: "alignment" }, "path: is required"],
      ] as const) {
        const result = await call(name, args);
        expect([result.isError, text(result)], name).toEqual([
          true,
          expect.stringContaining(problem),
        ]);
      }
      expect(standIn.requests.length).toBe(before);
      expect(await readdir(root)).not.toContain("out.parquet");
    } finally {
      await close();
    }
  });

  it("counts a sibling that shares the root's prefix as outside it", async () => {
    expect(inside(path.join(base, "r-evil/x"), root)).toBe(false);
    expect(inside(path.join(root, "x"), root)).toBe(true);
    const { call, close } = await connectInMemory({ flow: flow(), roots: [root] });
    try {
      const result = await call("upload_file", {
        path: path.join(outside, "secret.md"),
        purpose: "alignment",
      });
      expect(text(result)).toContain("outside the allowed roots");
    } finally {
      await close();
    }
  });

  it("refuses every download target that is not a new or plain file, sending and writing nothing", async () => {
    const { call, close } = await connectInMemory({ flow: flow(), roots: [root] });
    try {
      const before = standIn.requests.length;
      const files = await tree(base);
      const cases: [string, RegExp][] = [
        [".", /names a folder/],
        ["./", /names a folder/],
        ["sub/..", /names a folder/],
        ["sub/", /names a folder/],
        ["", /names a folder/],
        [root, /is a root itself/],
        ["sub", /is a folder/],
        ["folder-link", /symbolic link/],
        ["file-link.md", /symbolic link/],
        ["nul\0.parquet", /NUL byte/],
        ["missing/dataset.parquet", /folder of missing\/dataset.parquet does not exist/],
        [path.join(outside, "x.parquet"), /outside the allowed roots/],
      ];
      for (const [target, message] of cases) {
        const result = await call("download_file", {
          file_id: "file-1",
          path: target,
          overwrite: true,
        });
        expect([result.isError, text(result)], JSON.stringify(target)).toEqual([
          true,
          expect.stringMatching(message),
        ]);
        expect(text(result)).toContain("Nothing was sent.");
      }
      expect(standIn.requests.length).toBe(before);
      expect(await tree(base)).toEqual(files);
      expect((await lstat(path.join(root, "folder-link"))).isSymbolicLink()).toBe(true);
    } finally {
      await close();
    }
  });

  it("writes a download beside its target, inside the root, and nowhere else", async () => {
    const { call, close } = await connectInMemory({ flow: flow(), roots: [root] });
    try {
      const file = (await call("upload_file", { path: "handbook.md", purpose: "alignment" }))
        .structuredContent;
      const saved = await call("download_file", { file_id: file.id, path: "sub/copy.md" });
      expect(saved.isError, text(saved)).toBeFalsy();
      expect(await readFile(path.join(root, "sub/copy.md"), "utf8")).toContain("Leave: 25 days");
      expect(await readdir(path.join(root, "sub"))).toEqual(["copy.md"]);
      expect(await readdir(outside)).toEqual(["secret.md"]);
    } finally {
      await rm(path.join(root, "sub/copy.md"), { force: true });
      await close();
    }
  });
});

/** `value` with a field no document lists at every level, and every string `status`, `purpose`, `file_type` and `job_type` one it does not list yet. */
function newer(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(newer);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = { added_later: { nested: [1, "two"] } };
  for (const [key, field] of Object.entries(value))
    out[key] =
      ["status", "purpose", "file_type", "job_type"].includes(key) && typeof field === "string"
        ? "brand_new_value"
        : newer(field);
  return out;
}

describe("seekrflow-mcp: who it is, and whose roots", () => {
  it("names itself and says the workflow in its instructions", async () => {
    const { client, close } = await connectInMemory({ flow: flow() });
    try {
      expect(client.getServerVersion()).toEqual({ name: "seekrflow-mcp", version: "test" });
      expect(client.getInstructions()).toMatch(
        /^SeekrFlow data jobs turn documents into fine-tuning datasets: upload_file, create_data_job,.*only under the allowed roots\.$/,
      );
    } finally {
      await close();
    }
  });

  it("reads under the roots a client declares in code mode too", async () => {
    const { call, close, rootsAsked } = await connectInMemory({ flow: flow(), mode: "code" }, [
      root,
    ]);
    try {
      const ran = await call("execute", {
        code: `return (await flow.files.upload(${JSON.stringify(path.join(root, "handbook.md"))}, { purpose: "alignment" })).filename;`,
      });
      expect([ran.isError, ran.structuredContent?.result]).toEqual([undefined, "handbook.md"]);
      expect(rootsAsked()).toBe(1);
    } finally {
      await close();
    }
  });

  it("does not ask a client for its roots when the operator gave some", async () => {
    const { call, close, rootsAsked } = await connectInMemory({ flow: flow(), roots: [root] }, [
      outside,
    ]);
    try {
      const read = await call("upload_file", {
        path: path.join(outside, "secret.md"),
        purpose: "alignment",
      });
      expect(text(read)).toContain("outside the allowed roots");
      expect(rootsAsked()).toBe(0);
    } finally {
      await close();
    }
  });

  it("sends progress only to a call that asked for it", async () => {
    const { client, call, close } = await connectInMemory({ flow: flow(), roots: [root] });
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    try {
      const file = (await call("upload_file", { path: "handbook.md", purpose: "alignment" }))
        .structuredContent;
      const job = (await call("create_data_job", { name: "Quiet", job_type: "principle_files" }))
        .structuredContent;
      await call("add_data_job_files", { data_job_id: job.id, file_ids: [file.id] });
      standIn.settle(job.id, "ready_to_start");
      await call("start_data_job", { data_job_id: job.id });
      let done: Result;
      do done = await call("wait_for_data_job", { data_job_id: job.id });
      while (!done.structuredContent.reached);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("seekrflow-mcp: never stricter than the client", () => {
  it("returns through the SDK's Client what SeekrFlow reads: new enum values and extra fields at every level", async () => {
    const document = parseYaml(await readFile("openapi/seekrflow.yaml", "utf8"));
    const follow = (value: any): any =>
      value?.$ref
        ? follow(
            value.$ref
              .slice(2)
              .split("/")
              .reduce((n: any, k: string) => n[k], document),
          )
        : value;
    const examples: Record<string, unknown> = {};
    for (const item of Object.values<any>(document.paths))
      for (const operation of Object.values<any>(item)) {
        if (!operation?.operationId) continue;
        const media = follow(
          Object.entries<any>(operation.responses).find(([s]) => s.startsWith("2"))![1],
        ).content?.["application/json"];
        const example =
          media?.example ?? follow(Object.values<any>(media?.examples ?? {})[0])?.value;
        if (example !== undefined) examples[operation.operationId] = newer(example);
      }
    let answer: unknown;
    const fake = async () => Response.json(answer);
    const { client, call, close } = await connectInMemory({
      flow: flowOn("https://flow.seekr.com", KEY, fake as typeof fetch),
      roots: [root],
    });
    try {
      // As hosts do: list the tools first, so that the client checks answers against their schemas.
      const { tools } = await client.listTools();
      const checked = tools.filter((tool) => tool.outputSchema);
      expect(checked.length).toBeGreaterThanOrEqual(6);
      for (const tool of checked) {
        const row = toolTable.find((r) => r.name === tool.name);
        const operation = row?.operation ?? "listAlignmentOutputs";
        answer = examples[operation];
        expect(answer, operation).toBeDefined();
        const args: Record<string, unknown> = {};
        for (const name of tool.inputSchema.required ?? [])
          args[name] =
            name === "path"
              ? "handbook.md"
              : name === "paths"
                ? ["handbook.md"]
                : (tool.inputSchema.properties as any)[name].type === "array"
                  ? ["file-1"]
                  : name === "purpose"
                    ? "alignment"
                    : name === "job_type"
                      ? "principle_files"
                      : "id-1";
        if (tool.name === "list_data_job_outputs") {
          // Two answers: the job (started), then its outputs.
          const job = newer(examples.getDataJob) as Record<string, unknown>;
          const outputs = examples.listAlignmentOutputs;
          let n = 0;
          answer = undefined;
          const twice = connectInMemory({
            flow: flowOn("https://flow.seekr.com", KEY, (async () =>
              Response.json(
                n++ === 0 ? { ...job, alignment_job_id: "al-1" } : outputs,
              )) as typeof fetch),
          });
          const { client: other, close: closeOther } = await twice;
          await other.listTools();
          const result = (await other.callTool({ name: tool.name, arguments: args })) as Result;
          await closeOther();
          expect(result.isError, `${tool.name}: ${text(result)}`).toBeFalsy();
          continue;
        }
        const result = await call(tool.name, args);
        expect(result.isError, `${tool.name}: ${text(result)}`).toBeFalsy();
        expect(JSON.stringify(result.structuredContent), tool.name).toContain("added_later");
      }
    } finally {
      await close();
    }
  });

  it("sends {} for clone and update given only the job's id, as the facade does", async () => {
    const bodies: string[] = [];
    const fake = async (input: string | URL | Request, init?: RequestInit) => {
      bodies.push(await new Request(input, init).text());
      return Response.json(largeJob(1, 1));
    };
    const { call, close } = await connectInMemory({
      flow: flowOn("https://flow.seekr.com", KEY, fake as typeof fetch),
    });
    try {
      for (const name of ["clone_data_job", "update_data_job"]) {
        const result = await call(name, { data_job_id: "dj-1" });
        expect(result.isError, `${name}: ${text(result)}`).toBeFalsy();
      }
      expect(bodies).toEqual(["{}", "{}"]);
    } finally {
      await close();
    }
  });
});

describe("seekrflow-mcp: what an agent can afford", () => {
  it("lists every tool in at most 6,000 o200k tokens, list_alignment_outputs and list_data_job_outputs among them", async () => {
    const { client, close } = await connectInMemory({ flow: flow() });
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(["list_alignment_outputs", "list_data_job_outputs"]),
      );
      expect(names.length).toBe(toolTable.length + 2);
      expect(countTokens(JSON.stringify(tools))).toBeLessThanOrEqual(6000);
    } finally {
      await close();
    }
  });

  it("answers a job with 1,500 records and 3,000 events under 25,000 tokens, failures first, and pages the rest", async () => {
    const big = largeJob(1500, 3000);
    const fake = async () => Response.json(big);
    const { call, close } = await connectInMemory({
      flow: flowOn("https://flow.seekr.com", KEY, fake as typeof fetch),
    });
    try {
      const result = await call("get_data_job", { data_job_id: big.id });
      expect(result.isError, text(result)).toBeFalsy();
      expect(countTokens(JSON.stringify(result))).toBeLessThan(25_000);
      // The text is the same JSON, compact: not a pretty-printed second copy.
      expect(text(result)).toBe(JSON.stringify(result.structuredContent));
      const job = result.structuredContent;
      const records = job.ingestion_jobs[0].records;
      expect(records.slice(0, 15).every((r: any) => r.status === "failed")).toBe(true);
      expect(job.more["ingestion_jobs.0.records"]).toMatchObject({
        total: 1500,
        shown: records.length,
        failed: 15,
        next: expect.stringContaining(
          `call get_data_job with data_job_id "${big.id}", list "ingestion_jobs.0.records"`,
        ),
      });
      expect(job.more.timeline.total).toBe(3000);
      expect(job.more.files.total).toBe(1500);
      const page = await call("get_data_job", {
        data_job_id: big.id,
        list: "timeline",
        offset: 2990,
      });
      expect(page.structuredContent.timeline.map((e: any) => e.message)).toEqual(
        big.timeline!.slice(2990).map((e) => e.message),
      );
      expect(page.structuredContent.more.timeline).toEqual({
        total: 3000,
        shown: 10,
        offset: 2990,
      });
      const middle = await call("get_data_job", {
        data_job_id: big.id,
        list: "timeline",
        offset: 25,
      });
      expect(middle.structuredContent.timeline[0].message).toBe(big.timeline![25]!.message);
      expect(middle.structuredContent.more.timeline.next).toContain("offset 50");
      const wrong = await call("get_data_job", { data_job_id: big.id, list: "nothing" });
      expect([wrong.isError, text(wrong)]).toEqual([
        true,
        expect.stringContaining('no list "nothing"'),
      ]);
    } finally {
      await close();
    }
  });

  it("cuts a long list page to its first items and names the offset of the rest", async () => {
    const files = Array.from({ length: 300 }, (_, i) => ({
      id: `file-${i}`,
      object: "file",
      bytes: 10,
      created_at: 1,
      filename: `f-${i}.md`,
      purpose: "alignment",
    }));
    const fake = async () => Response.json({ object: "list", data: files });
    const { call, close } = await connectInMemory({
      flow: flowOn("https://flow.seekr.com", KEY, fake as typeof fetch),
    });
    try {
      const result = await call("list_files", { limit: 1000, offset: 200 });
      expect(result.structuredContent.data.length).toBe(100);
      expect(result.structuredContent.more.data).toMatchObject({
        total: 300,
        shown: 100,
        next: expect.stringContaining("call list_files with offset 300"),
      });
    } finally {
      await close();
    }
  });
});

describe("seekrflow-mcp: words for an agent", () => {
  it("says no HTTP method, path or {template} in any tool description", () => {
    for (const tool of TOOLS)
      expect(tool.description, tool.name).not.toMatch(
        /\b(GET|POST|PUT|PATCH|DELETE) \/|\/v1\/|\{[a-z_]+\}|raw bytes/,
      );
    const download = TOOLS.find((t) => t.name === "download_file")!;
    expect(download.description).toMatch(
      /Writes the content to a local file.*returns `\{ file_id, path, bytes \}`/s,
    );
  });

  it("annotates every tool idempotent exactly when its operation may be retried", () => {
    for (const row of toolTable) {
      const retry = operationTable[row.operation as keyof typeof operationTable].retry;
      expect(row.annotations.idempotentHint, row.name).toBe(retry === "safe");
    }
    // Pinned: the operations that create or change state are not retried blindly.
    for (const operation of [
      "createDataJob",
      "cloneDataJob",
      "startDataJob",
      "uploadFile",
      "uploadFiles",
      "addDataJobFiles",
    ] as const)
      expect(operationTable[operation].retry, operation).toBe("unsent");
  });

  it("names the next tool with its ids filled in: start when ready, outputs when completed; progress in percent", async () => {
    const { call, close } = await connectInMemory({ flow: flow(), roots: [root] });
    try {
      const file = (await call("upload_file", { path: "handbook.md", purpose: "alignment" }))
        .structuredContent;
      const job = (
        await call("create_data_job", { name: "Next steps", job_type: "principle_files" })
      ).structuredContent;
      await call("add_data_job_files", { data_job_id: job.id, file_ids: [file.id] });
      standIn.settle(job.id, "ready_to_start");
      const ready = await call("wait_for_data_job", { data_job_id: job.id });
      expect(ready.structuredContent).toMatchObject({
        reached: false,
        job: { status: "ready_to_start" },
      });
      expect(ready.structuredContent.next).toContain(
        `call start_data_job with data_job_id "${job.id}"`,
      );
      const early = await call("list_data_job_outputs", { data_job_id: job.id });
      expect([early.isError, text(early)]).toEqual([
        true,
        expect.stringContaining("call start_data_job"),
      ]);
      await call("start_data_job", { data_job_id: job.id });
      const progress: { progress: number; total?: number; message?: string }[] = [];
      let done: Result;
      do
        done = await call(
          "wait_for_data_job",
          { data_job_id: job.id },
          { onprogress: (p: any) => progress.push(p) },
        );
      while (!done.structuredContent.reached);
      expect(done.structuredContent.next).toContain(
        `call list_data_job_outputs with data_job_id "${job.id}"`,
      );
      expect(progress.length).toBeGreaterThan(0);
      for (const [i, p] of progress.entries()) {
        expect(p.total).toBe(100);
        expect(p.progress).toBeLessThanOrEqual(100);
        if (i > 0) expect(p.progress).toBeGreaterThan(progress[i - 1]!.progress);
        expect(p.message).toMatch(/%$/);
      }
      const outputs = await call("list_data_job_outputs", { data_job_id: job.id });
      expect(outputs.structuredContent.dataset).toMatchObject({ purpose: "fine-tune" });
      expect(outputs.structuredContent.next).toContain(
        `call download_file with file_id "${outputs.structuredContent.dataset.id}"`,
      );
      for (const result of [ready, done, outputs])
        expect(text(result)).not.toMatch(/\/v1\/|POST|\{data_job_id\}/);
    } finally {
      await close();
    }
  });

  it("waits no longer than its bound per call, and says to call again", async () => {
    const running = { ...largeJob(1, 1), status: "running", alignment_job_id: "al-1" };
    const fake = async () => Response.json(running);
    const { call, close } = await connectInMemory({
      flow: flowOn("https://flow.seekr.com", KEY, fake as typeof fetch),
      waitMs: 300,
      pollMs: 20,
    });
    try {
      const result = await call("wait_for_data_job", { data_job_id: running.id });
      expect(result.isError, text(result)).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        reached: false,
        job: { status: "running" },
      });
      expect(result.structuredContent.next).toBe(
        `not finished yet: call wait_for_data_job with data_job_id "${running.id}" again`,
      );
    } finally {
      await close();
    }
  });
});
