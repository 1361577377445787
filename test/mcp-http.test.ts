/**
 * The MCP server's Streamable HTTP in this process: the Origin check, the one path it serves, and
 * the key each request brings (a bare key or `Bearer`), else the environment's.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveHttp } from "../mcp/src/http.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { type Result, text } from "./support/mcp.js";

const KEY = "sk-http-123456";
let standIn: StandIn;
let url: string;
let http: Server;
beforeAll(async () => {
  standIn = await startStandIn({ apiKey: KEY, clock: "manual" });
  ({ url, server: http } = await serveHttp(
    0,
    { roots: [], readOnly: false, tools: undefined },
    () => ({ env: { SEEKR_BASE_URL: standIn.url, SEEKR_API_KEY: "sk-env-key" }, logger: () => {} }),
    "test",
  ));
});
afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  await standIn.close();
});

const listTools = (headers: Record<string, string>, at = url) =>
  fetch(at, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });

/** list_files called with `authorization`; resolves with what the stand-in saw and the result. */
async function listFilesWith(authorization: string | undefined) {
  const client = new Client({ name: "t", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: authorization ? { authorization } : {} },
    }),
  );
  try {
    return (await client.callTool({ name: "list_files", arguments: {} })) as Result;
  } finally {
    await client.close();
  }
}

describe("seekrflow-mcp over HTTP", () => {
  it("listens on 127.0.0.1 only, at /mcp", () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect((http.address() as AddressInfo).address).toBe("127.0.0.1");
  });

  it("answers 500 with what failed when a request cannot be served, and serves the next (on 127.0.0.1 only)", async () => {
    let fail = true;
    const { url: at, server } = await serveHttp(
      0,
      { roots: [], readOnly: false, tools: undefined },
      () => {
        if (fail) throw new Error("SEEKR_TIMEOUT_MS is not a number");
        return { env: { SEEKR_BASE_URL: standIn.url }, logger: () => {} };
      },
      "test",
    );
    try {
      expect((server.address() as AddressInfo).address).toBe("127.0.0.1");
      const failed = await listTools({}, at);
      expect([failed.status, failed.headers.get("content-type"), await failed.text()]).toEqual([
        500,
        "text/plain",
        "SEEKR_TIMEOUT_MS is not a number",
      ]);
      fail = false;
      expect((await listTools({}, at)).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("refuses a foreign Origin, and serves this machine's", async () => {
    const foreign = await listTools({ origin: "http://localhost.evil.example" });
    expect([foreign.status, foreign.headers.get("content-type"), await foreign.text()]).toEqual([
      403,
      "text/plain",
      "Origin not allowed",
    ]);
    for (const origin of ["http://localhost:6274", "http://127.0.0.1", "http://[::1]:8080"])
      expect((await listTools({ origin })).status, origin).toBe(200);
  });

  it("serves /mcp only", async () => {
    const elsewhere = await listTools({}, url.replace(/\/mcp$/, "/other"));
    expect([
      elsewhere.status,
      elsewhere.headers.get("content-type"),
      await elsewhere.text(),
    ]).toEqual([404, "text/plain", "Not found: the server is at /mcp"]);
  });

  it("calls with the request's key, bare or after Bearer, else the environment's", async () => {
    for (const authorization of [KEY, `Bearer ${KEY}`, `bearer   ${KEY}`])
      expect((await listFilesWith(authorization)).isError, authorization).toBeFalsy();
    const env = await listFilesWith(undefined);
    expect([env.isError, text(env)]).toEqual([true, expect.stringContaining("401")]);
    const wrong = await listFilesWith("Token sk-nope");
    expect(wrong.isError).toBe(true);
    expect(JSON.stringify(wrong)).not.toContain("sk-nope");
  });
});
