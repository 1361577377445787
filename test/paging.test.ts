import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadResponseError, SeekrFlow } from "../src/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { jobDetail, jsonResponse, scriptedFetch } from "./support/fake-fetch.js";

let server: StandIn;
let flow: SeekrFlow;
beforeAll(async () => {
  server = await startStandIn();
  flow = new SeekrFlow({ apiKey: "sk-paging", baseUrl: server.url });
  for (let i = 0; i < 7; i++)
    await flow.dataJobs.create({
      name: `job ${i}`,
      job_type: i % 2 ? "context_grounded_files" : "principle_files",
    });
});
afterAll(() => server.close());

const listCalls = (): number =>
  server.requests.filter((r) => r.operation === "listDataJobs").length;

describe("list", () => {
  it("awaited, gives one page", async () => {
    const page = await flow.dataJobs.list({ limit: 3 });
    expect(page.object).toBe("list");
    expect(page.data).toHaveLength(3);
  });

  it("for await walks every page until a short one", async () => {
    const before = listCalls();
    const names: string[] = [];
    for await (const job of flow.dataJobs.list({ limit: 3 })) names.push(job.name);
    expect(names).toHaveLength(7);
    expect(new Set(names).size).toBe(7);
    expect(listCalls() - before).toBe(3); // 3 + 3 + 1
  });

  it("stops fetching when the loop breaks", async () => {
    const before = listCalls();
    let seen = 0;
    for await (const _job of flow.dataJobs.list({ limit: 3 })) if (++seen === 4) break;
    expect(seen).toBe(4);
    expect(listCalls() - before).toBe(2);
  });

  it("starts at the given offset and keeps the filter on every page", async () => {
    const all: string[] = [];
    for await (const job of flow.dataJobs.list({
      job_type: "principle_files",
      limit: 2,
      offset: 1,
    }))
      all.push(job.job_type);
    expect(all).toEqual(["principle_files", "principle_files", "principle_files"]);
  });

  it("without a limit, walks pages of the document's default size (25)", async () => {
    let count = 0;
    for await (const _job of flow.dataJobs.list()) count++;
    expect(count).toBe(7);
  });

  it("without a limit, keeps the server's page size for every later page", async () => {
    // More jobs than the server's default page (25): the pages are 25, 25 and 10.
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        flow.dataJobs.create({ name: `vdb ${i}`, job_type: "context_grounded_vector_db" }),
      ),
    );
    const before = server.requests.length;
    const names = new Set<string>();
    for await (const job of flow.dataJobs.list({ job_type: "context_grounded_vector_db" }))
      names.add(job.name);
    expect(names.size).toBe(60);
    const offsets = server.requests
      .slice(before)
      .map((r) => new URLSearchParams(r.query).get("offset"));
    expect(offsets).toEqual([null, "25", "50"]);
  });

  it("pages files too", async () => {
    for (let i = 0; i < 5; i++)
      await flow.files.upload(
        { data: new Uint8Array([i]), filename: `f${i}.md` },
        { purpose: "alignment" },
      );
    const names: string[] = [];
    for await (const file of flow.files.list({ limit: 2, purpose: "alignment" }))
      names.push(file.filename ?? "");
    expect(names.sort()).toEqual(["f0.md", "f1.md", "f2.md", "f3.md", "f4.md"]);
  });
});

/** A client whose server answers each list call with `page(offset, limit)`. */
function listing(page: (offset: number, limit: number | undefined) => unknown[]) {
  const fetch = scriptedFetch((call) => {
    const query = new URL(call.url).searchParams;
    const limit = query.has("limit") ? Number(query.get("limit")) : undefined;
    return jsonResponse({ object: "list", data: page(Number(query.get("offset") ?? 0), limit) });
  });
  const client = new SeekrFlow({ apiKey: "sk-paging", baseUrl: "https://flow.example", fetch });
  return { client, fetch };
}

const jobs = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => jobDetail({ id: `dj-${from + i}` }));

describe("pages that end", () => {
  it("a server repeating a full page ends the walk with a BadResponseError naming the offset", async () => {
    const { client, fetch } = listing(() => jobs(0, 5));
    const ids: string[] = [];
    const walk = (async () => {
      for await (const job of client.dataJobs.list({ limit: 5 })) ids.push(job.id);
    })();
    const error = await walk.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as Error).message).toBe(
      "listDataJobs (GET /v1/flow/data-jobs) answered 200 with a full page at offset 5 that repeats items already listed (the server repeats itself); paging stopped",
    );
    expect(ids).toEqual(["dj-0", "dj-1", "dj-2", "dj-3", "dj-4"]);
    expect(fetch.calls).toHaveLength(2);
  });

  it("a page of exactly the document's maximum (100) is a full page, not an error", async () => {
    const { client, fetch } = listing((offset) => (offset === 0 ? jobs(0, 100) : jobs(100, 3)));
    let count = 0;
    for await (const _job of client.dataJobs.list({ limit: 100 })) count++;
    expect(count).toBe(103);
    expect(fetch.calls).toHaveLength(2);
  });

  it("a page longer than the document's maximum (100) ends the walk before any of its items", async () => {
    const { client } = listing((offset) => jobs(offset, 101));
    let handedOut = 0;
    const error = await (async () => {
      for await (const _job of client.dataJobs.list()) handedOut++;
    })().catch((e: unknown) => e);
    expect(handedOut).toBe(0);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as Error).message).toMatch(
      /101 items at offset 0, more than the document's maximum page of 100/,
    );
  });

  it("without a limit, a page shorter than the document's default (25) is the last", async () => {
    // Read from the first page, the size would be 10, and a page of 10 would look full.
    const { client, fetch } = listing((offset) => (offset === 0 ? jobs(0, 10) : jobs(offset, 10)));
    let count = 0;
    for await (const _job of client.dataJobs.list()) count++;
    expect(count).toBe(10);
    expect(fetch.calls).toHaveLength(1);
  });

  it("one signal shared by 2,000 page calls: no warning from Node", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const { client, fetch } = listing((offset) => (offset < 2_000 ? jobs(offset, 1) : []));
      const { signal } = new AbortController();
      let count = 0;
      for await (const _job of client.dataJobs.list({ limit: 1 }, { signal })) count++;
      expect(count).toBe(2_000);
      expect(fetch.calls).toHaveLength(2_001);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
