/** files.uploadEach: bounded concurrency, one outcome per source in order, none lost to a failure. */
import { beforeAll, describe, expect, it } from "vitest";
import { InvalidRequestError, SeekrFlow } from "../src/node/index.js";
import { useStandIn } from "./support/set-up.js";

const server = useStandIn({ apiKey: "sk-all" });
let flow: SeekrFlow;
beforeAll(() => {
  flow = new SeekrFlow({ apiKey: "sk-all", baseUrl: server.url });
});

const sources = (n: number) =>
  Array.from({ length: n }, (_, i) => new File([`# ${i}`], `doc-${i}.md`));

describe("files.uploadEach", () => {
  it("resolves with one outcome per source, in order, keeping the uploads around a failure", async () => {
    server.failNext(500, 1, {}, { detail: "disk full" }); // the first upload to arrive fails
    const files = sources(6);
    const seen: number[] = [];
    const outcomes = await flow.files.uploadEach(files, {
      purpose: "alignment",
      concurrency: 1,
      onProgress: ({ done, total }) => seen.push(done / total),
    });
    expect(outcomes.map((o) => o.source)).toEqual(files);
    expect(outcomes[0]!.error).toMatchObject({ status: 500 });
    expect(outcomes.slice(1).map((o) => o.file?.filename)).toEqual(
      files.slice(1).map((f) => f.name),
    );
    expect(seen).toHaveLength(6);
    expect(seen.at(-1)).toBe(1);
  });

  it("never has more than `concurrency` uploads in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const counting: typeof fetch = async (input, init) => {
      most = Math.max(most, ++inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const client = new SeekrFlow({ apiKey: "sk-all", baseUrl: server.url, fetch: counting });
    const outcomes = await client.files.uploadEach(sources(12), {
      purpose: "alignment",
      concurrency: 3,
    });
    expect(outcomes.every((o) => o.file)).toBe(true);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
  });

  it("rejects a concurrency that cannot work, before sending", async () => {
    const before = server.requests.length;
    await expect(
      flow.files.uploadEach(sources(2), { purpose: "alignment", concurrency: 0 }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    expect(server.requests.length).toBe(before);
  });

  it("a missing path is an outcome naming it, not a bare TypeError", async () => {
    const [outcome] = await flow.files.uploadEach(["/nonexistent/typo.md"], {
      purpose: "alignment",
    });
    expect(outcome!.error).toBeInstanceOf(InvalidRequestError);
    expect(String((outcome!.error as Error).message)).toContain(
      '"/nonexistent/typo.md" does not exist',
    );
  });
});

describe("the old names, kept until the next minor", () => {
  it("uploadAll is uploadEach and uploadMany is uploadTogether", async () => {
    const each = await flow.files.uploadAll(sources(2), { purpose: "alignment" });
    expect(each.map((o) => o.file?.filename)).toEqual(["doc-0.md", "doc-1.md"]);
    const before = server.requests.length;
    const together = await flow.files.uploadMany(sources(2), { purpose: "alignment" });
    expect(together.map((f) => f.filename)).toEqual(["doc-0.md", "doc-1.md"]);
    expect(server.requests.slice(before).map((r) => r.operation)).toEqual(["uploadFiles"]);
  });
});

describe("files.uploadEach's order", () => {
  it("gives outcomes in the order of the sources, not the order uploads finish", async () => {
    let started = 0;
    let finished = 0;
    let releaseFirst!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
    const slowFirst: typeof fetch = async (input, init) => {
      const mine = started++;
      if (mine === 0) await firstMayFinish;
      const response = await fetch(input, init);
      // The first upload to start is the last to finish: it waits for the other three.
      if (mine > 0 && ++finished === 3) releaseFirst();
      return response;
    };
    const racing = new SeekrFlow({ apiKey: "sk-all", baseUrl: server.url, fetch: slowFirst });
    const files = sources(4);
    const done: string[] = [];
    const outcomes = await racing.files.uploadEach(files, {
      purpose: "alignment",
      concurrency: 4,
      onProgress: ({ outcome }) => done.push((outcome.source as File).name),
    });
    expect(done.at(-1)).toBe("doc-0.md");
    expect(outcomes.map((o) => o.file?.filename)).toEqual(files.map((f) => f.name));
    expect(outcomes.map((o) => o.source)).toEqual(files);
  });
});
