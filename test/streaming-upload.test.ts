/**
 * Uploads from a path stream from disk: the body has an exact length (no buffering to find it), a
 * retry reads the file again, and progress counts the bytes as they go.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SeekrFlow, type UploadProgress } from "../src/node/index.js";
import { type FaultServer, respond, startFaultServer } from "./support/fault-server.js";

let dir: string;
let file: string;
const bytes = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 7) % 256));
const servers: FaultServer[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "seekrflow-stream-"));
  file = path.join(dir, "big.pdf");
  await writeFile(file, bytes);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A server that records each upload's body and length header, answering with `answers` in turn. */
async function recorder(answers: ("503" | "ok")[]) {
  const bodies: { length: string | undefined; body: Buffer }[] = [];
  const server = await startFaultServer((n) => (req, res, body) => {
    bodies.push({ length: req.headers["content-length"], body });
    if (answers[n] === "503")
      return respond(503, "{}", { "retry-after": "0", "content-type": "application/json" })(
        req,
        res,
        body,
      );
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ id: "file-1", object: "file", filename: "big.pdf", bytes: bytes.length }),
    );
  });
  servers.push(server);
  return { server, bodies };
}

/** The file part's bytes in a multipart body. */
function filePart(body: Buffer): Buffer {
  const boundary = body.subarray(0, body.indexOf("\r\n")).toString();
  const start = body.indexOf("\r\n\r\n", body.indexOf('filename="big.pdf"')) + 4;
  return body.subarray(start, body.indexOf(`\r\n${boundary}`, start));
}

describe("uploads from a path", () => {
  it("send the file with an exact content-length, and report progress up to the total", async () => {
    const { server, bodies } = await recorder(["ok"]);
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url });
    const progress: UploadProgress[] = [];
    await flow.files.upload(file, {
      purpose: "alignment",
      onUploadProgress: (p) => progress.push(p),
    });
    expect(bodies).toHaveLength(1);
    expect(Number(bodies[0]!.length)).toBe(bodies[0]!.body.length);
    expect(filePart(bodies[0]!.body).equals(bytes)).toBe(true);
    expect(progress.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length });
    expect(progress.length).toBeGreaterThan(2); // chunk by chunk, not all at once
  });

  it("a retry the policy allows reads the file again, whole", async () => {
    const { server, bodies } = await recorder(["503", "ok"]);
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url });
    const progress: UploadProgress[] = [];
    await flow.files.upload(file, {
      purpose: "alignment",
      onUploadProgress: (p) => progress.push(p),
    });
    expect(bodies).toHaveLength(2);
    for (const { body } of bodies) expect(filePart(body).equals(bytes)).toBe(true);
    expect(progress.filter((p) => p.loaded === 0)).toHaveLength(2);
  });

  it("a client's own fetch is used for uploads too", async () => {
    const { server, bodies } = await recorder(["ok"]);
    let calls = 0;
    const own: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    await new SeekrFlow({ apiKey: "k", baseUrl: server.url, fetch: own }).files.upload(file, {
      purpose: "alignment",
    });
    expect(calls).toBe(1);
    expect(filePart(bodies[0]!.body).equals(bytes)).toBe(true);
  });
});

describe("uploads from a stream", () => {
  /** 5 MB made as it is read, never held whole. */
  const source = () =>
    Readable.from(
      (function* () {
        for (let i = 0; i < 80; i++) yield Buffer.alloc(64 * 1024, i);
      })(),
    );

  it.each([
    ["the client's sender", undefined],
    ["the platform fetch", fetch],
  ])("go through %s as read, chunked, whole", async (_label, own) => {
    const { server, bodies } = await recorder(["ok"]);
    const flow = new SeekrFlow({
      apiKey: "k",
      baseUrl: server.url,
      ...(own ? { fetch: own } : {}),
    });
    const progress: UploadProgress[] = [];
    await flow.files.upload(
      { data: source(), filename: "big.pdf" },
      { purpose: "alignment", onUploadProgress: (p) => progress.push(p) },
    );
    const part = filePart(bodies[0]!.body);
    expect(part.length).toBe(80 * 64 * 1024);
    expect(part[64 * 1024 * 79]).toBe(79);
    expect(progress.at(-1)).toEqual({ loaded: 80 * 64 * 1024, total: undefined });
  });

  it("are not retried (a stream is read once), even where a path would be", async () => {
    const { server, bodies } = await recorder(["503", "ok"]);
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url });
    const error = await flow.files
      .upload({ data: source(), filename: "big.pdf" }, { purpose: "alignment" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503 });
    expect(bodies).toHaveLength(1);
  });
});
