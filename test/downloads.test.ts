/** A streamed download stops when the caller's signal aborts, however far it got. */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  APIAbortError,
  APIConnectionError,
  APITimeoutError,
  InvalidRequestError,
  NotFoundError,
  SeekrFlow,
  SeekrFlowError,
} from "../src/node/index.js";
import { scriptedFetch } from "./support/fake-fetch.js";
import { type FaultServer, startFaultServer } from "./support/fault-server.js";

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Sends 64 KiB of a 1 MiB body, then never sends the rest. */
async function halfDownload(): Promise<FaultServer> {
  const server = await startFaultServer([
    (_req, res) => {
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": String(1 << 20),
      });
      res.write(Buffer.alloc(64 * 1024, 7));
    },
  ]);
  servers.push(server);
  return server;
}

describe("aborting a download", () => {
  it("files.content: the stream errors once the caller's signal aborts mid-body", async () => {
    const server = await halfDownload();
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url, maxRetries: 0 });
    const controller = new AbortController();
    const stream = await flow.files.content("file-1", { signal: controller.signal });
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort();
    const rest = (async () => {
      for (;;) if ((await reader.read()).done) return "ended";
    })();
    await expect(rest).rejects.toThrow();
  });

  it("files.download: rejects as an abort once the signal aborts mid-body", async () => {
    const server = await halfDownload();
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url, maxRetries: 0 });
    const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-download-"));
    try {
      const target = path.join(dir, "out.bin");
      const controller = new AbortController();
      const downloading = flow.files.download("file-1", target, {
        signal: controller.signal,
      });
      const outcome = downloading.catch((error: unknown) => error);
      // Abort once bytes flow: the body is then mid-way, as the server never sends the rest.
      // Bytes reach the temporary file beside the target first.
      const written = async () => {
        const part = (await readdir(dir)).find((name) => name.endsWith(".part"));
        return part ? (await stat(path.join(dir, part))).size : 0;
      };
      await vi.waitFor(async () => expect(await written()).toBeGreaterThan(0), { timeout: 20_000 });
      controller.abort();
      const error = await outcome;
      expect(error).toBeInstanceOf(APIAbortError);
      expect(await readdir(dir)).toEqual([]);
      expect((error as Error).message).toMatch(
        /Download of file file-1 was aborted after \d+ bytes/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("atomic downloads", () => {
  /** Sends `sent` bytes of a body that says it has `total`, then drops the connection. */
  async function cutShort(sent: number, total: number): Promise<FaultServer> {
    const server = await startFaultServer([
      (_req, res) => {
        res.writeHead(200, {
          "content-type": "application/octet-stream",
          "content-length": String(total),
        });
        res.write(Buffer.alloc(sent, 1), () => res.socket?.destroy());
      },
    ]);
    servers.push(server);
    return server;
  }

  /** Downloads over a file already at the target: the error must match `message`, the old file stay. */
  async function expectOldFileKept(flow: SeekrFlow, message: RegExp): Promise<void> {
    const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-atomic-"));
    try {
      const target = path.join(dir, "dataset.parquet");
      await writeFile(target, "the previous dataset");
      const error = await flow.files.download("file-1", target).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(message);
      expect(await readFile(target, "utf8")).toBe("the previous dataset");
      expect(await readdir(dir)).toEqual(["dataset.parquet"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it("a connection dropped mid-body: APIConnectionError, the old file kept, no temporary left", async () => {
    const server = await cutShort(2 * 1024 * 1024, 10 * 1024 * 1024);
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url, maxRetries: 0 });
    await expectOldFileKept(flow, /broke off after \d+ bytes|ended after \d+ of 10485760 bytes/);
  });

  it("a body that ends cleanly short of content-length: rejected, the old file kept, no temporary left", async () => {
    // The stream ends without an error after 5 of the 10 bytes announced: only the count tells.
    const fetch = scriptedFetch(
      new Response(new Uint8Array([1, 2, 3, 4, 5]), {
        headers: { "content-type": "application/octet-stream", "content-length": "10" },
      }),
    );
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: "http://127.0.0.1:9", fetch });
    await expectOldFileKept(flow, /ended after 5 of 10 bytes/);
  });

  it("a complete download replaces the file, byte for byte", async () => {
    const body = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const server = await startFaultServer([
      (_req, res) => {
        res.writeHead(200, {
          "content-type": "application/octet-stream",
          "content-length": String(body.length),
        });
        res.end(body);
      },
    ]);
    servers.push(server);
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url });
    const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-atomic-"));
    try {
      const target = path.join(dir, "dataset.parquet");
      await writeFile(target, "old");
      expect(await flow.files.download("file-1", target)).toBe(body.length);
      expect((await readFile(target)).equals(body)).toBe(true);
      expect(await readdir(dir)).toEqual(["dataset.parquet"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("a download without a declared length", () => {
  it("is written whole, its progress told with no total; a compressed one is not held to its length", async () => {
    const body = Buffer.from("x".repeat(70_000));
    const server = await startFaultServer([
      // Chunked: no content-length at all.
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.write(body.subarray(0, 30_000));
        res.end(body.subarray(30_000));
      },
    ]);
    servers.push(server);
    const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-chunked-"));
    try {
      const seen: { loaded: number; total: number | undefined }[] = [];
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url });
      const target = path.join(dir, "chunked.bin");
      const bytes = await flow.files.download("file-1", target, {
        onDownloadProgress: (progress) => seen.push(progress),
      });
      expect(bytes).toBe(body.length);
      expect((await readFile(target)).equals(body)).toBe(true);
      expect(seen.at(-1)).toEqual({ loaded: body.length, total: undefined });
      // A content-encoding makes content-length the compressed size: not the bytes written.
      const gzip = new Response(new Uint8Array([1, 2, 3]), {
        headers: { "content-length": "99", "content-encoding": "identity" },
      });
      const encoded = new SeekrFlow({
        apiKey: "k",
        baseUrl: server.url,
        fetch: scriptedFetch(gzip),
      });
      expect(await encoded.files.download("file-2", path.join(dir, "encoded.bin"))).toBe(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("what a failed download says", () => {
  const within = async (run: (dir: string) => Promise<void>) => {
    const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-dl-"));
    try {
      await run(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  const short = () =>
    scriptedFetch(
      new Response(new Uint8Array([1, 2, 3]), {
        headers: { "content-type": "application/octet-stream", "content-length": "9" },
      }),
    );

  it("names the call, did not take effect, and leaves the old file", async () =>
    within(async (dir) => {
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example", fetch: short() });
      const error = (await flow.files
        .download("file-7", path.join(dir, "out.bin"), { maxRetries: 0 })
        .catch((e: unknown) => e)) as APIConnectionError;
      expect(error.message).toBe(
        "getFileContent (GET /v1/flow/files/file-7/content): the download ended after 3 of 9 bytes.",
      );
      expect(error.mayHaveTakenEffect).toBe(false);
      expect(await readdir(dir)).toEqual([]);
    }));

  it("an error answer is that error, and nothing is written", async () =>
    within(async (dir) => {
      const fetch = scriptedFetch(
        new Response(JSON.stringify({ detail: "File not found." }), {
          status: 404,
          headers: { "content-type": "application/json" },
        }),
      );
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example", fetch });
      const error = await flow.files
        .download("file-x", path.join(dir, "out.bin"))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(await readdir(dir)).toEqual([]);
    }));

  it("a folder that does not exist, or a target that is a folder: InvalidRequestError, nothing sent", async () =>
    within(async (dir) => {
      const fetch = scriptedFetch(
        new Response(new Uint8Array([1]), { headers: { "content-length": "1" } }),
      );
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example", fetch });
      const missing = path.join(dir, "missing", "out.bin");
      const error = await flow.files.download("file-1", missing).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).fields).toEqual([
        {
          field: "path",
          rule: "file",
          message: `the folder of ${JSON.stringify(missing)} does not exist: create it first`,
        },
      ]);
      const folder = await flow.files.download("file-1", dir).catch((e: unknown) => e);
      expect((folder as Error).message).toContain(`${JSON.stringify(dir)} is a folder`);
      expect(fetch.calls).toHaveLength(0);
      expect(await readdir(dir)).toEqual([]);
    }));

  it("a disk error while writing: a SeekrFlowError with the system error as cause, nothing left", async () =>
    within(async (dir) => {
      const folder = path.join(dir, "goes-away");
      await mkdir(folder);
      // The folder disappears between the check and the write, as a full or failing disk would fail it.
      const fetch = async () => {
        await rm(folder, { recursive: true });
        return new Response(new Uint8Array([1]), { headers: { "content-length": "1" } });
      };
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example", fetch });
      const target = path.join(folder, "out.bin");
      const error = await flow.files.download("file-1", target).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SeekrFlowError);
      expect(error).not.toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(
        new RegExp(`^Cannot write the download beside ${target.replace(/[/.]/g, "\\$&")}: ENOENT`),
      );
      expect((error as Error).cause).toMatchObject({ code: "ENOENT" });
      expect(await readdir(dir)).toEqual([]);
    }));

  it("a body that stalls after 10 of 100 bytes ends with APITimeoutError, the old file kept, nothing left", async () =>
    within(async (dir) => {
      const target = path.join(dir, "out.bin");
      await writeFile(target, "old");
      const stalled = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(new Uint8Array(10)),
      });
      const fetch = scriptedFetch(new Response(stalled, { headers: { "content-length": "100" } }));
      // Only timeoutMs: the idle deadline of the body defaults to it.
      const flow = new SeekrFlow({
        apiKey: "k",
        baseUrl: "https://flow.example",
        fetch,
        timeoutMs: 200,
      });
      const error = await flow.files.download("file-1", target).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APITimeoutError);
      expect((error as Error).message).toContain(
        "no byte for 200 ms after 10 bytes (idleTimeoutMs)",
      );
      // The request under the body is stopped too.
      expect(fetch.calls[0]!.signal?.aborted).toBe(true);
      expect(await readFile(target, "utf8")).toBe("old");
      expect(await readdir(dir)).toEqual(["out.bin"]);
      // Its own deadline, per call, over the client's.
      const fetch2 = scriptedFetch(
        new Response(new ReadableStream({ start: (c) => c.enqueue(new Uint8Array(3)) }), {
          headers: { "content-length": "100" },
        }),
      );
      const slow = new SeekrFlow({
        apiKey: "k",
        baseUrl: "https://flow.example",
        fetch: fetch2,
        timeoutMs: Infinity,
      });
      const own = await slow.files
        .download("file-1", target, { idleTimeoutMs: 50 })
        .catch((e: unknown) => e);
      expect((own as Error).message).toContain("no byte for 50 ms after 3 bytes");
    }));

  it("a body that breaks off leaves nothing by the time its error arrives, 200 times in a row", async () =>
    within(async (dir) => {
      const target = path.join(dir, "out.bin");
      for (let i = 0; i < 200; i++) {
        const broken = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array(i % 7));
            controller.error(new TypeError("terminated"));
          },
        });
        const fetch = scriptedFetch(new Response(broken, { headers: { "content-length": "9" } }));
        const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example", fetch });
        const error = await flow.files.download("file-1", target).catch((e: unknown) => e);
        expect(error, `run ${i}`).toBeInstanceOf(APIConnectionError);
        expect(await readdir(dir), `run ${i}`).toEqual([]);
      }
    }));

  it("a body that breaks off: APIConnectionError with its cause, options without a signal", async () =>
    within(async (dir) => {
      const broken = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array([1, 2]));
          controller.error(new Error("socket closed"));
        },
      });
      const fetch = scriptedFetch(new Response(broken, { headers: { "content-length": "10" } }));
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example", fetch });
      const error = (await flow.files
        .download("file-1", path.join(dir, "out.bin"), { maxRetries: 0 })
        .catch((e: unknown) => e)) as APIConnectionError;
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(error.message).toMatch(
        /the download broke off after \d+ bytes \(socket closed\); nothing was written to /,
      );
      expect(error.mayHaveTakenEffect).toBe(false);
      expect(error.cause).toEqual(new Error("socket closed"));
      expect(await readdir(dir)).toEqual([]);
    }));

  it("the bytes go to a hidden temporary beside the target, named for it", async () =>
    within(async (dir) => {
      const seen: string[] = [];
      let pulls = 0;
      const slow = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (pulls++ === 0) return controller.enqueue(new Uint8Array([1]));
          // The first byte is on its way to disk: wait for the file it goes to.
          for (;;) {
            const names = await readdir(dir);
            if (names.length > 0) {
              seen.push(...names);
              break;
            }
            await new Promise((resolve) => setImmediate(resolve));
          }
          controller.enqueue(new Uint8Array([2]));
          controller.close();
        },
      });
      const fetch = scriptedFetch(new Response(slow, { headers: { "content-length": "2" } }));
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example", fetch });
      await flow.files.download("file-1", path.join(dir, "data.parquet"));
      expect(seen.filter((name) => name.endsWith(".part"))).toEqual([
        expect.stringMatching(/^\.data\.parquet\.[0-9a-f]{8}\.part$/),
      ]);
    }));

  it("an abort mid-body is an APIAbortError with the signal's reason as cause", async () =>
    within(async (dir) => {
      const controller = new AbortController();
      const endless = new ReadableStream<Uint8Array>({
        pull(stream) {
          stream.enqueue(new Uint8Array([1]));
          controller.abort(new Error("stop"));
          stream.error(new Error("aborted"));
        },
      });
      const fetch = scriptedFetch(new Response(endless, { headers: { "content-length": "10" } }));
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example", fetch });
      const error = await flow.files
        .download("file-1", path.join(dir, "out.bin"), { signal: controller.signal })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIAbortError);
      expect((error as Error).cause).toEqual(new Error("stop"));
    }));
});
