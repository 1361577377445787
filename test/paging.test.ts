import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeekrFlow } from "../src/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";

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

  it("without a limit, takes the server's page size from the first page", async () => {
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
