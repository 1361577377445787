/**
 * The `seekrflow-mcp` binary, spawned where it is the point: its exit codes, the MCP Inspector's
 * command line, and stdio from the packed tarball. What its tools do is in
 * test/mcp-tools.test.ts, in this process.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolTable } from "../mcp/src/generated/tools.js";
import { type Result, text } from "./support/mcp.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { NODE_LINES } from "./support/node-lines.js";

const KEY = "sk-mcp-secret-123456";
const BIN = path.resolve("mcp/dist/bin.js");
let server: StandIn;
let dir: string;

beforeAll(async () => {
  server = await startStandIn({
    apiKey: KEY,
    clock: { mode: "manual", stepMs: 10 },
    ingestionMs: 20,
    queueMs: 20,
    runMs: 60,
  });
  dir = await mkdtemp(path.join(tmpdir(), "seekrflow-mcp-"));
}, 60_000);
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

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
