/**
 * The `seekrflow-mcp` server as agents use it: driven by the MCP SDK's own client against the
 * stand-in, in this process, set up from the binary's arguments (`readInvocation`), over the
 * SDK's in-memory transport and over Streamable HTTP. test/mcp.test.ts spawns the binary.
 */
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { toolTable } from "../mcp/src/generated/tools.js";
import { serveHttp } from "../mcp/src/http.js";
import { help, readInvocation, UsageError } from "../mcp/src/options.js";
import { TOOLS } from "../mcp/src/tools.js";
import { SeekrFlow } from "../src/node/index.js";
import { connectInMemory, type Result, text } from "./support/mcp.js";
import { operationTable } from "../src/generated/operations.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";

const KEY = "sk-mcp-secret-123456";
let server: StandIn;
let dir: string;
let outside: string;

beforeAll(async () => {
  server = await startStandIn({
    apiKey: KEY,
    clock: { mode: "manual", stepMs: 10 },
    ingestionMs: 20,
    queueMs: 20,
    runMs: 60,
  });
  dir = await mkdtemp(path.join(tmpdir(), "seekrflow-mcp-"));
  outside = await mkdtemp(path.join(tmpdir(), "seekrflow-mcp-outside-"));
  await writeFile(path.join(dir, "handbook.md"), "# Handbook\nLeave: 25 days.\n");
  await writeFile(path.join(dir, "benefits.md"), "# Benefits\n");
  await writeFile(path.join(outside, "secret.md"), "# Not yours\n");
  await symlink(path.join(outside, "secret.md"), path.join(dir, "link.md"));
}, 60_000);
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

/**
 * A connected SDK client on a server in this process, set up from `args` as the binary sets it
 * up (`readInvocation`), its client reading `env` over the stand-in's key and URL.
 */
async function connect(args: string[] = [], env: Record<string, string> = {}, roots?: string[]) {
  const invocation = readInvocation([
    "--poll-ms",
    "10",
    "--wait-seconds",
    "5",
    ...(roots ? [] : ["--root", dir]),
    ...args,
  ]);
  if (invocation.kind !== "serve") throw new Error(`${args.join(" ")} serves nothing`);
  const environment = { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url, ...env };
  return connectInMemory(
    { ...invocation.options, flow: () => new SeekrFlow({ env: environment, logger: () => {} }) },
    roots,
  );
}

describe("seekrflow-mcp", { timeout: 120_000 }, () => {
  it("lists a tool for every operation plus wait_for_data_job, annotated from the document", async () => {
    const { client } = await connect();
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toContain("wait_for_data_job");
      for (const operation of Object.keys(operationTable))
        expect(names, operation).toContain(toolTable.find((t) => t.operation === operation)?.name);
      const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
      expect(byName.get_data_job!.annotations).toMatchObject({
        readOnlyHint: true,
        idempotentHint: true,
      });
      expect(byName.create_data_job!.annotations).toMatchObject({
        readOnlyHint: false,
        idempotentHint: false,
        destructiveHint: false,
      });
      for (const name of [
        "delete_data_job",
        "delete_file",
        "remove_data_job_files",
        "cancel_data_job",
      ])
        expect(byName[name]!.annotations?.destructiveHint, name).toBe(true);
      expect(byName.download_file!.annotations?.readOnlyHint).toBe(false);
    } finally {
      await client.close();
    }
  });

  it("gives each tool the input schema the document gives its operation", async () => {
    const document = parseYaml(await readFile("openapi/seekrflow.yaml", "utf8"));
    const resolve = (value: any): any =>
      value?.$ref
        ? resolve(
            value.$ref
              .slice(2)
              .split("/")
              .reduce((n: any, k: string) => n[k], document),
          )
        : value;
    const { client } = await connect();
    try {
      const { tools } = await client.listTools();
      for (const [template, item] of Object.entries<any>(document.paths)) {
        for (const [method, operation] of Object.entries<any>(item)) {
          if (!operation?.operationId) continue;
          const tool = tools.find(
            (t) => t.name === toolTable.find((r) => r.operation === operation.operationId)!.name,
          )!;
          const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(
            resolve,
          );
          const body = resolve(
            Object.values<any>(operation.requestBody?.content ?? {})[0]?.schema ?? {},
          );
          const file = (name: string) =>
            body.properties[name].type === "array" ? "paths" : "path";
          const binary = (s: any) => s?.contentMediaType || s?.items?.contentMediaType;
          const expected = [
            ...parameters.filter((p) => p.in !== "header" && p.required).map((p) => p.name),
            ...(body.required ?? []).map((name: string) =>
              binary(body.properties[name]) ? file(name) : name,
            ),
            ...(method === "get" && template.endsWith("/content") ? ["path"] : []),
          ].sort();
          expect([...(tool.inputSchema.required ?? [])].sort(), tool.name).toEqual(expected);
          for (const p of parameters.filter((q) => q.in === "query"))
            expect(tool.inputSchema.properties?.[p.name], `${tool.name} ${p.name}`).toMatchObject({
              // The document's annotations for other surfaces (x-seekrflow-…) are not a tool's.
              ...Object.fromEntries(
                Object.entries(resolve(p.schema)).filter(([key]) => !key.startsWith("x-")),
              ),
              description: p.description,
            });
        }
      }
      const create = tools.find((t) => t.name === "create_data_job")!.inputSchema.properties as any;
      expect(create.name).toMatchObject({ type: "string", minLength: 1, maxLength: 255 });
      expect(create.job_type.enum).toEqual([
        "principle_files",
        "context_grounded_files",
        "context_grounded_vector_db",
      ]);
    } finally {
      await client.close();
    }
  });

  it("answers bad input with an isError result naming the field, with nothing sent", async () => {
    const { client } = await connect();
    try {
      const before = server.requests.length;
      const empty = (await client.callTool({
        name: "create_data_job",
        arguments: { name: "", job_type: "principle_files" },
      })) as Result;
      expect(empty.isError).toBe(true);
      expect(text(empty)).toMatch(/^- name: must be at least 1 character long/m);
      const unknown = (await client.callTool({
        name: "get_data_job",
        arguments: { data_job_id: "dj-1", colour: "red" },
      })) as Result;
      expect([unknown.isError, text(unknown)]).toEqual([
        true,
        expect.stringContaining("colour: is not an input of get_data_job"),
      ]);
      const missing = (await client.callTool({ name: "get_data_job", arguments: {} })) as Result;
      expect(text(missing)).toContain("data_job_id: is required");
      expect(server.requests.length).toBe(before);
    } finally {
      await client.close();
    }
  });

  it("reads and writes local files only under the roots, through symlinks too", async () => {
    const { client } = await connect();
    try {
      const before = server.requests.length;
      for (const file of [
        path.join(outside, "secret.md"),
        "../" + path.basename(outside) + "/secret.md",
        "link.md",
      ]) {
        const result = (await client.callTool({
          name: "upload_file",
          arguments: { path: file, purpose: "alignment" },
        })) as Result;
        expect([result.isError, text(result)], file).toEqual([
          true,
          expect.stringContaining("outside the allowed roots"),
        ]);
      }
      const written = (await client.callTool({
        name: "download_file",
        arguments: { file_id: "file-1", path: path.join(outside, "x.md") },
      })) as Result;
      expect(text(written)).toContain("outside the allowed roots");
      expect(server.requests.length).toBe(before);
    } finally {
      await client.close();
    }
    // The roots a client declares replace the working directory.
    const rooted = await connect([], {}, [outside]);
    try {
      const result = (await rooted.client.callTool({
        name: "upload_file",
        arguments: { path: path.join(outside, "secret.md"), purpose: "alignment" },
      })) as Result;
      expect(result.isError).toBeFalsy();
      const home = (await rooted.client.callTool({
        name: "upload_file",
        arguments: { path: path.join(dir, "handbook.md"), purpose: "alignment" },
      })) as Result;
      expect(text(home)).toContain("outside the allowed roots");
    } finally {
      await rooted.client.close();
    }
  });

  it("takes an agent from a local document to a downloaded dataset by tool calls alone, every tool called once at least", async () => {
    const { client } = await connect();
    const called = new Set<string>();
    const results: Result[] = [];
    const call = async (name: string, args: Record<string, unknown>, options = {}) => {
      const result = (await client.callTool(
        { name, arguments: args },
        undefined,
        options,
      )) as Result;
      called.add(name);
      results.push(result);
      expect(result.isError, `${name}: ${text(result)}`).toBeFalsy();
      return result.structuredContent;
    };
    try {
      const file = await call("upload_file", { path: "handbook.md", purpose: "alignment" });
      const [, other] = (
        await call("upload_files", { paths: ["handbook.md", "benefits.md"], purpose: "alignment" })
      ).data;
      await call("generate_system_prompt", { instructions: "Answer about leave" });
      const job = await call("create_data_job", {
        name: "Agent's job",
        job_type: "principle_files",
      });
      await call("update_data_job", { data_job_id: job.id, instructions: "Leave and benefits" });
      await call("add_data_job_files", { data_job_id: job.id, file_ids: [file.id, other.id] });
      await call("remove_data_job_files", { data_job_id: job.id, file_ids: [other.id] });
      const ready = await call("wait_for_data_job", {
        data_job_id: job.id,
        until: "ready_to_start",
      });
      expect(ready).toMatchObject({ reached: true, job: { status: "ready_to_start" } });
      const copy = await call("clone_data_job", { data_job_id: job.id, name: "To cancel" });
      await call("start_data_job", { data_job_id: job.id });
      const progress: number[] = [];
      let waited: any;
      do {
        waited = await call(
          "wait_for_data_job",
          { data_job_id: job.id },
          { onprogress: (p: { progress: number }) => progress.push(p.progress) },
        );
      } while (!waited.reached);
      expect(waited.job.status).toBe("completed");
      expect(progress.length).toBeGreaterThan(0);
      const outputs = (
        await call("list_alignment_outputs", { alignment_job_id: waited.job.alignment_job_id })
      ).data;
      expect((await call("list_data_job_outputs", { data_job_id: job.id })).dataset.id).toBe(
        outputs.find((o: { purpose: string }) => o.purpose === "fine-tune").id,
      );
      const dataset = outputs.find((o: { purpose: string }) => o.purpose === "fine-tune");
      const saved = await call("download_file", { file_id: dataset.id, path: "dataset.parquet" });
      expect(saved.bytes).toBeGreaterThan(0);
      expect((await readFile(path.join(dir, "dataset.parquet"))).length).toBe(saved.bytes);
      const again = (await client.callTool({
        name: "download_file",
        arguments: { file_id: dataset.id, path: "dataset.parquet" },
      })) as Result;
      expect(text(again)).toContain("pass overwrite: true");
      await call("get_data_job", { data_job_id: job.id });
      await call("list_data_jobs", { limit: 5, sort_by: "name" });
      await call("list_files", { purpose: "alignment" });
      await call("get_file", { file_id: file.id });
      await call("wait_for_data_job", { data_job_id: copy.id, until: "ready_to_start" });
      await call("start_data_job", { data_job_id: copy.id });
      await call("cancel_data_job", { data_job_id: copy.id });
      await call("delete_data_job", { data_job_id: copy.id });
      await call("delete_file", { file_id: other.id });
      expect([...called].sort()).toEqual(
        (await client.listTools()).tools.map((t) => t.name).sort(),
      );
      // The key is in no result and nothing the server printed.
      for (const result of results) expect(JSON.stringify(result)).not.toContain(KEY.slice(0, 8));
    } finally {
      await client.close();
    }
  });

  it("answers a job that waits for its owner at once, saying what to do", async () => {
    const { client } = await connect();
    try {
      const job = (
        (await client.callTool({
          name: "create_data_job",
          arguments: { name: "No files", job_type: "principle_files" },
        })) as Result
      ).structuredContent;
      server.settle(job.id, "needs_review");
      const result = (await client.callTool({
        name: "wait_for_data_job",
        arguments: { data_job_id: job.id },
      })) as Result;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        reached: false,
        job: { status: "needs_review" },
      });
      expect(result.structuredContent.next).toMatch(/waits for its owner: fix it/);
    } finally {
      await client.close();
    }
  });

  it("serves only read-only tools with --read-only, and a chosen few with --tools", async () => {
    const readOnly = await connect(["--read-only"]);
    try {
      const { tools } = await readOnly.client.listTools();
      expect(tools.length).toBeGreaterThan(3);
      for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tools.map((t) => t.name)).not.toContain("download_file");
      const refused = (await readOnly.client.callTool({
        name: "create_data_job",
        arguments: { name: "x", job_type: "principle_files" },
      })) as Result;
      expect([refused.isError, text(refused)]).toEqual([
        true,
        expect.stringContaining("not served"),
      ]);
    } finally {
      await readOnly.client.close();
    }
    const two = await connect(["--tools", "get_data_job,list_files"]);
    try {
      expect((await two.client.listTools()).tools.map((t) => t.name)).toEqual([
        "get_data_job",
        "list_files",
      ]);
    } finally {
      await two.client.close();
    }
  });

  it("keeps the key out of every error: a wrong key, a missing one", async () => {
    const wrong = await connect([], { SEEKR_API_KEY: "sk-wrong-key-987654" });
    try {
      const result = (await wrong.client.callTool({ name: "list_files", arguments: {} })) as Result;
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/401/);
      expect(JSON.stringify(result)).not.toContain("sk-wrong");
    } finally {
      await wrong.client.close();
    }
    const none = await connect([], { SEEKR_API_KEY: "" });
    try {
      const result = (await none.client.callTool({ name: "list_files", arguments: {} })) as Result;
      expect([result.isError, text(result)]).toEqual([
        true,
        expect.stringContaining("SEEKR_API_KEY"),
      ]);
    } finally {
      await none.client.close();
    }
  });

  it("serves Streamable HTTP on 127.0.0.1 with the request's key, and refuses a foreign Origin", async () => {
    const invocation = readInvocation(["--root", dir]);
    if (invocation.kind !== "serve") throw new Error("no server");
    const { url, server: http } = await serveHttp(
      0,
      invocation.options,
      () => ({ env: { SEEKR_BASE_URL: server.url }, logger: () => {} }),
      "test",
    );
    try {
      const client = new Client({ name: "seekrflow-test", version: "1.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(url), {
          requestInit: { headers: { authorization: `Bearer ${KEY}` } },
        }),
      );
      expect((await client.listTools()).tools.length).toBe(toolTable.length + 2);
      const listed = (await client.callTool({ name: "list_files", arguments: {} })) as Result;
      expect(listed.isError).toBeFalsy();
      expect(JSON.stringify(listed)).not.toContain(KEY.slice(0, 8));
      await client.close();
      const foreign = await fetch(url, {
        method: "POST",
        headers: {
          origin: "https://evil.example",
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
      expect(foreign.status).toBe(403);
      // Anchored at both ends: a host that only starts like a local one is foreign too.
      for (const origin of ["http://localhost.evil.example", "http://127.0.0.1.evil.example:80"]) {
        const lookalike = await fetch(url, {
          method: "POST",
          headers: {
            origin,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
        });
        expect(lookalike.status, origin).toBe(403);
      }
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });
});

describe("seekrflow-mcp's arguments", () => {
  const refused = (args: string[]) => {
    try {
      readInvocation(args);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error(`${args.join(" ")} was accepted`);
  };

  it("serve every tool over stdio by default, waiting 50 s a call", () => {
    expect(readInvocation([])).toEqual({
      kind: "serve",
      http: undefined,
      options: {
        roots: [],
        readOnly: false,
        tools: undefined,
        waitMs: 50_000,
        pollMs: undefined,
        mode: "tools",
        codeLimits: {},
      },
    });
  });

  it("read every option into the server's", () => {
    const invocation = readInvocation([
      ...["--root", dir, "--root", "."],
      ...["--tools", " get_data_job, ,list_files", "--read-only"],
      ...["--wait-seconds", "7", "--poll-ms", "1", "--http", "0", "--mode", "both"],
      ...["--code-cpu-seconds", "2", "--code-memory-mb", "8", "--code-max-calls", "1"],
    ]);
    expect(invocation).toEqual({
      kind: "serve",
      http: 0,
      options: {
        roots: [dir, process.cwd()],
        readOnly: true,
        tools: ["get_data_job", "list_files"],
        waitMs: 7000,
        pollMs: 1,
        mode: "both",
        codeLimits: { cpuMs: 2000, memoryBytes: 8 * 2 ** 20, maxCalls: 1 },
      },
    });
    expect(readInvocation(["--mode", "code"])).toMatchObject({ options: { mode: "code" } });
  });

  it("ask for help and the version", () => {
    expect(readInvocation(["--help"])).toEqual({ kind: "help" });
    expect(readInvocation(["-h", "--version"])).toEqual({ kind: "help" });
    expect(readInvocation(["--version"])).toEqual({ kind: "version" });
    const shown = help("9.9.9");
    expect(shown).toMatch(/^seekrflow-mcp 9\.9\.9: /);
    expect(shown).toContain("  SEEKR_API_KEY     ");
    expect(shown).not.toMatch(/^ {2}logger/m);
    expect(shown).toContain(`\nTools: ${TOOLS.map((t) => t.name).join(", ")}`);
  });

  it("refuse what the server cannot start with, saying why", () => {
    const missing = path.join(dir, "missing-folder");
    expect(refused(["--root", missing])).toBe(
      `--root ${missing} is not a folder that exists: create it, or name another`,
    );
    expect(refused(["--root", path.join(dir, "handbook.md")])).toMatch(
      /is not a folder that exists/,
    );
    expect(refused(["--mode", "scripts"])).toBe(
      '--mode must be tools, code or both, not "scripts"',
    );
    expect(refused(["--tools", "get_data_job,nope,gone"])).toBe(
      `no tool nope, gone; the tools are ${TOOLS.map((t) => t.name).join(", ")}`,
    );
    expect(refused(["--wait-seconds", "0"])).toBe(
      '--wait-seconds must be a whole number of at least 1, not "0"',
    );
    expect(refused(["--poll-ms", "1.5"])).toBe(
      '--poll-ms must be a whole number of at least 1, not "1.5"',
    );
    expect(refused(["--code-memory-mb", "7"])).toBe(
      '--code-memory-mb must be a whole number of at least 8, not "7"',
    );
    expect(refused(["--code-cpu-seconds", "0"])).toMatch(/^--code-cpu-seconds must be/);
    expect(refused(["--code-max-calls", "x"])).toMatch(/^--code-max-calls must be/);
    expect(refused(["--http", "-1"])).toMatch(/--http|argument/);
    expect(refused(["--http", "port"])).toBe(
      '--http must be a whole number of at least 0, not "port"',
    );
    expect(refused(["--read-only", "--tools", "create_data_job"])).toBe(
      "these options leave no tool to serve",
    );
    expect(refused(["--verbose"])).toMatch(/--verbose/);
  });
});
