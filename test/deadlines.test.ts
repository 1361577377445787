/**
 * Every body has a deadline: a download whose server stops after 10 of 100 bytes ends with a
 * timeout, and leaves no file, through the command line (`--timeout`) and the MCP server too.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.mjs";
import { APITimeoutError, SeekrFlow } from "../src/node/index.js";
import { connectInMemory, text } from "./support/mcp.js";
import { type FaultServer, startFaultServer } from "./support/fault-server.js";

let server: FaultServer;
let dir: string;

beforeAll(async () => {
  // Every request: the headers of 100 bytes, 10 of them, then nothing.
  server = await startFaultServer([
    (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": "100" });
      res.write(Buffer.alloc(10, 1));
    },
  ]);
  dir = await mkdtemp(path.join(tmpdir(), "seekrflow-deadlines-"));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("a download that stalls", () => {
  it("ends the command line at --timeout: exit 4, the timeout said, no file", async () => {
    let stderr = "";
    const io = {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t) },
      env: { SEEKR_API_KEY: "sk-deadline", SEEKR_BASE_URL: server.url },
    };
    const target = path.join(dir, "cli.bin");
    const code = await main(
      ["--timeout", "300ms", "files", "download", "file-1", "--output", target],
      io,
      new AbortController().signal,
    );
    expect(code).toBe(4);
    expect(stderr).toContain("no byte for 300 ms after 10 bytes");
    expect(await readdir(dir)).toEqual([]);
  });

  it("ends the MCP server's download_file as an isError result, no file", async () => {
    const { call, close } = await connectInMemory({
      flow: () =>
        new SeekrFlow({
          apiKey: "sk-deadline",
          baseUrl: server.url,
          timeoutMs: 300,
          logger: () => {},
        }),
      roots: [dir],
    });
    try {
      const result = await call("download_file", { file_id: "file-1", path: "mcp.bin" });
      expect(result.isError).toBe(true);
      expect(text(result)).toContain("no byte for 300 ms after 10 bytes");
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("an upload whose server stops reading", () => {
  it("ends at the call's timeout with APITimeoutError, a path upload as a Blob one", async () => {
    const { createServer } = await import("node:net");
    const { writeFile } = await import("node:fs/promises");
    // Accepts the connection, reads nothing, answers nothing.
    const sockets: import("node:net").Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket.pause()));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const file = path.join(dir, "upload.md");
    await writeFile(file, Buffer.alloc(16 * 1024 * 1024, "a"));
    try {
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: url, timeoutMs: 300, maxRetries: 0 });
      for (const source of [file, { filename: "b.md", data: new Blob([Buffer.alloc(1 << 20)]) }]) {
        const error = await flow.files
          .upload(source, { purpose: "alignment" })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(APITimeoutError);
        expect((error as Error).message).toContain("no complete answer within 300 ms");
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      await rm(file);
    }
  });
});

describe("seekrflow doctor", () => {
  it("points out a base URL that already ends in the API's /v1", async () => {
    const { startStandIn } = await import("../src/testing/index.js");
    const standIn = await startStandIn({ apiKey: "sk-doctor" });
    try {
      let stderr = "";
      const io = {
        stdout: { write: () => true },
        stderr: { write: (t: string) => (stderr += t) },
        env: { SEEKR_API_KEY: "sk-doctor", SEEKR_BASE_URL: `${standIn.url}/v1` },
      };
      await main(["doctor"], io, new AbortController().signal);
      expect(stderr).toContain(
        `base URL: baseUrl ${standIn.url}/v1 already ends in /v1, which every API path starts with: requests go to /v1/v1/…. Did you mean ${standIn.url}?`,
      );
      expect(stderr).toContain("/v1/v1/flow/");
    } finally {
      await standIn.close();
    }
  });
});
