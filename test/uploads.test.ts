import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidRequestError, type NodeUploadSource, SeekrFlow } from "../src/node/index.js";
import { SeekrFlow as PortableSeekrFlow, type UploadSource } from "../src/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { jsonResponse, scriptedFetch } from "./support/fake-fetch.js";

let server: StandIn;
let flow: SeekrFlow;
let dir: string;
const bytes = new Uint8Array(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
beforeAll(async () => {
  server = await startStandIn();
  flow = new SeekrFlow({ apiKey: "sk-upload", baseUrl: server.url });
  dir = await mkdtemp(path.join(tmpdir(), "seekrflow-upload-"));
  await writeFile(path.join(dir, "guide.pdf"), bytes);
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("files.upload", () => {
  it.each<[string, () => NodeUploadSource, string]>([
    ["a path", () => path.join(dir, "guide.pdf"), "guide.pdf"],
    ["a File", () => new File([bytes], "file.pdf"), "file.pdf"],
    ["a Blob with a name", () => ({ data: new Blob([bytes]), filename: "blob.pdf" }), "blob.pdf"],
    ["a Buffer", () => ({ data: Buffer.from(bytes), filename: "buffer.pdf" }), "buffer.pdf"],
    ["a Uint8Array", () => ({ data: bytes, filename: "bytes.pdf" }), "bytes.pdf"],
    [
      "a web ReadableStream",
      () => ({ data: new Blob([bytes]).stream(), filename: "web.pdf" }),
      "web.pdf",
    ],
    [
      "a Node readable stream",
      () => ({
        data: Readable.from([bytes.slice(0, 1000), bytes.slice(1000)]),
        filename: "node.pdf",
      }),
      "node.pdf",
    ],
  ])("from %s arrives byte for byte", async (_label, source, filename) => {
    const file = await flow.files.upload(source(), { purpose: "alignment" });
    expect(file).toMatchObject({ filename, bytes: bytes.length, purpose: "alignment" });
    expect(
      Buffer.from(await server.files.get(file.id)!.content.arrayBuffer()).equals(
        Buffer.from(bytes),
      ),
    ).toBe(true);
  });

  it("uploadTogether sends every file in one request, in order", async () => {
    const before = server.requests.length;
    const files = await flow.files.uploadTogether(
      [{ data: new TextEncoder().encode("a"), filename: "a.md" }, new File(["bb"], "b.md")],
      { purpose: "alignment" },
    );
    expect(files.map((f) => [f.filename, f.bytes])).toEqual([
      ["a.md", 1],
      ["b.md", 2],
    ]);
    expect(server.requests.length - before).toBe(1);
  });

  it("rejects uploadTogether of nothing before sending", async () => {
    const before = server.requests.length;
    await expect(flow.files.uploadTogether([], { purpose: "alignment" })).rejects.toThrow(
      /body.files must have at least 1 item/,
    );
    expect(server.requests.length).toBe(before);
  });

  it("rejects bytes without a file name, saying what to pass", async () => {
    await expect(
      flow.files.upload({ data: bytes } as never, { purpose: "alignment" }),
    ).rejects.toThrow(InvalidRequestError);
    await expect(
      flow.files.upload({ data: bytes } as never, { purpose: "alignment" }),
    ).rejects.toThrow(/needs a file name/);
  });

  it("downloads content to a path and as a stream", async () => {
    const file = await flow.files.upload(
      { data: bytes, filename: "round.pdf" },
      { purpose: "alignment" },
    );
    const target = path.join(dir, "out.pdf");
    expect(await flow.files.download(file.id, target)).toBe(bytes.length);
    expect((await readFile(target)).equals(Buffer.from(bytes))).toBe(true);
    expect(await flow.files.get(file.id)).toMatchObject({ id: file.id, filename: "round.pdf" });
    expect(await flow.files.delete(file.id)).toEqual({
      id: file.id,
      object: "file",
      deleted: true,
    });
  });
});

describe("files.upload with the portable client (seekrflow-client)", () => {
  let web: PortableSeekrFlow;
  beforeAll(() => {
    web = new PortableSeekrFlow({ apiKey: "sk-upload", baseUrl: server.url });
  });

  it.each<[string, () => UploadSource]>([
    ["a File", () => new File([bytes], "file.pdf")],
    ["bytes", () => ({ data: bytes, filename: "file.pdf" })],
    ["a web ReadableStream", () => ({ data: new Blob([bytes]).stream(), filename: "file.pdf" })],
    [
      "an async iterable",
      () => ({ data: Readable.from([bytes.slice(0, 9), bytes.slice(9)]), filename: "file.pdf" }),
    ],
  ])("from %s arrives byte for byte, and is sent again after a 503", async (_label, source) => {
    server.failNext(503, 1, { "retry-after": "0" });
    const before = server.requests.length;
    const file = await web.files.upload(source(), { purpose: "alignment" });
    expect(server.requests.length - before).toBe(2);
    const stored = server.files.get(file.id)!.content;
    expect(Buffer.from(await stored.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it("refuses a path before sending, naming the Node entry", async () => {
    const before = server.requests.length;
    const upload = web.files.upload("guide.pdf" as never, { purpose: "alignment" });
    await expect(upload).rejects.toThrow(InvalidRequestError);
    await expect(upload).rejects.toThrow(/path "guide.pdf".*seekrflow-client\/node/);
    expect(server.requests.length).toBe(before);
  });

  it("tells progress when the request starts and when it is done", async () => {
    const seen: unknown[] = [];
    await web.files.uploadTogether(
      [new File([bytes], "a.pdf"), { data: new Uint8Array(10), filename: "b.pdf" }],
      { purpose: "alignment", onUploadProgress: (p) => seen.push(p) },
    );
    const total = bytes.length + 10;
    expect(seen).toEqual([
      { loaded: 0, total },
      { loaded: total, total },
    ]);
  });
});

describe("a path is checked before anything is sent", () => {
  it.each([
    ["missing", (dir: string) => path.join(dir, "nope.md"), "does not exist"],
    ["a folder", (dir: string) => dir, "is not a file"],
  ])("%s: InvalidRequestError on the source, naming the path", async (_label, pathOf, says) => {
    const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-path-"));
    try {
      const fetch = scriptedFetch(jsonResponse({}));
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example", fetch });
      const target = pathOf(dir);
      const error = (await flow.files
        .upload(target, { purpose: "alignment" })
        .catch((e: unknown) => e)) as InvalidRequestError;
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.fields).toEqual([
        { field: "source", rule: "file", message: `${JSON.stringify(target)} ${says}` },
      ]);
      expect(fetch.calls).toHaveLength(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
