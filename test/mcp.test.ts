/**
 * The `seekrflow-mcp` server as agents use it: driven by the MCP SDK's own client, over stdio
 * (spawned, as a desktop client does) and over Streamable HTTP, against the stand-in.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { toolTable } from "../mcp/src/generated/tools.js";
import { operationTable } from "../src/generated/operations.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { NODE_LINES } from "./support/node-lines.js";

const KEY = "sk-mcp-secret-123456";
const BIN = path.resolve("mcp/dist/bin.js");
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

/** A connected SDK client on a spawned server; `stderr` collects what the server printed. */
async function connect(args: string[] = [], env: Record<string, string> = {}, roots?: string[]) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      BIN,
      "--poll-ms",
      "10",
      "--wait-seconds",
      "5",
      ...(roots ? [] : ["--root", dir]),
      ...args,
    ],
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url, ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk) => (stderr += chunk));
  const client = new Client(
    { name: "seekrflow-test", version: "1.0.0" },
    roots ? { capabilities: { roots: { listChanged: true } } } : {},
  );
  if (roots)
    client.setRequestHandler(ListRootsRequestSchema, async () => ({
      roots: roots.map((root) => ({ uri: `file://${root}` })),
    }));
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

type Result = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: any;
};
const text = (result: Result) => result.content.map((c) => c.text ?? "").join("\n");

describe("seekrflow-mcp", { timeout: 120_000 }, () => {
  it("exits 2 at start, naming it, when a --root does not exist", async () => {
    const missing = path.join(dir, "missing-folder");
    const ran = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(process.execPath, [BIN, "--root", missing], (error, _stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stderr }),
      ),
    );
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`--root ${missing} is not a folder that exists`);
  });

  it("exits 2 at start on a --mode it does not know", async () => {
    const ran = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(process.execPath, [BIN, "--mode", "scripts"], (error, _stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stderr }),
      ),
    );
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('--mode must be tools, code or both, not "scripts"');
  });

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
    const { client, stderr } = await connect();
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
      expect(stderr()).not.toContain(KEY.slice(0, 8));
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
      expect(JSON.stringify(result) + wrong.stderr()).not.toContain("sk-wrong");
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
    const child = spawn(process.execPath, [BIN, "--http", "0"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", SEEKR_BASE_URL: server.url },
    });
    try {
      const url = await new Promise<string>((resolve) => {
        let stderr = "";
        child.stderr.on("data", (chunk) => {
          stderr += chunk;
          const found = /serving (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
          if (found) resolve(found[1]!);
        });
      });
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
      child.kill();
    }
  });

  it("answers the MCP Inspector's command line (tools/list)", async () => {
    const node24 = NODE_LINES.find((line) => line.line === "24")!.node;
    const inspector = path.resolve(
      "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js",
    );
    const ran = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        node24,
        [inspector, "--cli", process.execPath, BIN, "--method", "tools/list"],
        {
          cwd: dir,
          env: { ...process.env, SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url },
          timeout: 90_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(ran.code, ran.stderr).toBe(0);
    const names = (JSON.parse(ran.stdout).tools as { name: string }[]).map((t) => t.name);
    expect(names).toContain("create_data_job");
    expect(names).toContain("wait_for_data_job");
  });

  it("installs from its tarball beside the client's, and serves every tool from there", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "seekrflow-mcp-packed-"));
    try {
      const pack = (cwd: string) =>
        JSON.parse(
          execFileSync("npm", ["pack", "--json", "--pack-destination", folder], {
            cwd,
            encoding: "utf8",
          }),
        )[0].filename as string;
      const tarballs = [pack("."), pack("mcp")];
      await writeFile(
        path.join(folder, "package.json"),
        '{"name":"agent-host","private":true,"type":"module"}',
      );
      execFileSync(
        "npm",
        [
          "install",
          "--prefer-offline",
          "--no-audit",
          "--no-fund",
          ...tarballs.map((t) => `./${t}`),
        ],
        { cwd: folder, stdio: "ignore" },
      );
      const installed = path.join(folder, "node_modules/seekrflow-mcp");
      expect(existsSync(path.join(installed, "src"))).toBe(false);
      expect(await readFile(path.join(installed, "LICENSE"), "utf8")).toBe(
        await readFile("LICENSE", "utf8"),
      );
      // What it exports type-checks from its declarations, as a user's TypeScript sees them.
      await writeFile(
        path.join(folder, "host.ts"),
        [
          'import { createServer, servedTools, type ServerOptions } from "seekrflow-mcp";',
          'import { SeekrFlow } from "seekrflow-client/node";',
          'const options: ServerOptions = { flow: () => new SeekrFlow({ apiKey: "k" }), roots: ["/srv"], readOnly: true, tools: undefined };',
          "const names: string[] = servedTools(options).map((tool) => tool.name);",
          'void createServer(options, "1.0.0").connect;',
          "void names;",
          "// @ts-expect-error roots is required",
          'createServer({ flow: options.flow, readOnly: false, tools: undefined }, "1");',
          "",
        ].join("\n"),
      );
      execFileSync(
        process.execPath,
        [
          path.resolve("node_modules/typescript/bin/tsc"),
          "--noEmit",
          "--strict",
          "--module",
          "nodenext",
          "--moduleResolution",
          "nodenext",
          "--typeRoots",
          path.resolve("node_modules/@types"),
          "--types",
          "node",
          "host.ts",
        ],
        { cwd: folder, stdio: "pipe" },
      );
      const client = new Client({ name: "seekrflow-test", version: "1.0.0" });
      await client.connect(
        new StdioClientTransport({
          command: path.join(folder, "node_modules/.bin/seekrflow-mcp"),
          cwd: folder,
          env: { PATH: process.env.PATH ?? "", SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url },
        }),
      );
      try {
        expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(
          [...toolTable.map((t) => t.name), "wait_for_data_job", "list_data_job_outputs"].sort(),
        );
        const listed = (await client.callTool({ name: "list_data_jobs", arguments: {} })) as Result;
        expect(listed.isError).toBeFalsy();
      } finally {
        await client.close();
      }
      // Code mode from the tarball: the sandbox's WebAssembly and the type stripper ship with it.
      const coder = new Client({ name: "seekrflow-test", version: "1.0.0" });
      await coder.connect(
        new StdioClientTransport({
          command: path.join(folder, "node_modules/.bin/seekrflow-mcp"),
          args: ["--mode", "code"],
          cwd: folder,
          env: { PATH: process.env.PATH ?? "", SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url },
        }),
      );
      try {
        expect((await coder.listTools()).tools.map((t) => t.name)).toEqual([
          "execute",
          "search_docs",
        ]);
        const ran = (await coder.callTool({
          name: "execute",
          arguments: {
            code: "const page: { object?: string } = await flow.files.list(); return page.object;",
          },
        })) as Result;
        expect([ran.isError, ran.structuredContent?.result], text(ran)).toEqual([
          undefined,
          "list",
        ]);
      } finally {
        await coder.close();
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("depends on a seekrflow-client range the client's own version satisfies", async () => {
    const root = JSON.parse(await readFile("package.json", "utf8"));
    const mcp = JSON.parse(await readFile("mcp/package.json", "utf8"));
    expect(mcp.version).toBe(root.version);
    expect(mcp.dependencies["seekrflow-client"]).toBe(`^${root.version}`);
    expect(existsSync(BIN)).toBe(true);
  });
});
