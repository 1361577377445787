/**
 * The MCP conformance suite (`@modelcontextprotocol/conformance`) against the built server over
 * Streamable HTTP: the server scenarios that apply to a server with tools and nothing else. The
 * suite needs Node 22 or later (`fs.globSync`): it runs on the `node24` binary `npm ci` brings.
 */
import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_LINES } from "./support/node-lines.js";

const SCENARIOS = ["server-initialize", "ping", "tools-list", "dns-rebinding-protection"];
const node24 = NODE_LINES.find((line) => line.line === "24")!.node;
const suite = path.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
let child: ReturnType<typeof spawn>;
let url: string;

beforeAll(async () => {
  child = spawn(process.execPath, [path.resolve("mcp/dist/bin.js"), "--http", "0"], {
    env: { PATH: process.env.PATH ?? "", SEEKR_API_KEY: "sk-conformance" },
  });
  url = await new Promise<string>((resolve, reject) => {
    let stderr = "";
    child.stderr!.on("data", (chunk) => {
      stderr += chunk;
      const found = /serving (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
      if (found) resolve(found[1]!);
    });
    child.once("exit", (code) => reject(new Error(`seekrflow-mcp exited ${code}: ${stderr}`)));
  });
});
afterAll(() => {
  child.kill();
});

describe("seekrflow-mcp against the MCP conformance suite", { timeout: 120_000 }, () => {
  it.each(SCENARIOS)("passes %s", async (scenario) => {
    const ran = await new Promise<{ failed: boolean; out: string }>((resolve) =>
      execFile(
        node24,
        [suite, "server", "--url", url, "--scenario", scenario],
        { timeout: 90_000, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } },
        (error, stdout, stderr) => resolve({ failed: error !== null, out: stdout + stderr }),
      ),
    );
    expect(ran.out).toMatch(/Passed: (\d+)\/\1, 0 failed/);
    expect(ran.failed, ran.out).toBe(false);
  });
});
