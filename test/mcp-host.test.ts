/**
 * Code mode's host on its own, against the stand-in: a guest's call by name made with the real
 * client, what `--read-only` and `--tools` refuse at the request, local paths through the roots,
 * and walks kept by id.
 */
import { mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostFor, methodsOf, PermissionRefused } from "../mcp/src/code/host.js";
import { SeekrFlow } from "../src/node/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";

const KEY = "sk-host-123456";
let standIn: StandIn;
let root: string;
beforeAll(async () => {
  standIn = await startStandIn({ apiKey: KEY, clock: "manual" });
  root = await mkdtemp(path.join(tmpdir(), "seekrflow-host-"));
  await writeFile(path.join(root, "a.md"), "# A\nalpha\n");
});
afterAll(async () => {
  await standIn.close();
  await rm(root, { recursive: true, force: true });
});

const flow = () => new SeekrFlow({ apiKey: KEY, baseUrl: standIn.url, logger: () => {} });
const host = (options: { readOnly?: boolean; tools?: string[]; signal?: AbortSignal } = {}) =>
  hostFor({
    flow: flow(),
    roots: [root],
    readOnly: options.readOnly ?? false,
    tools: options.tools,
    signal: options.signal ?? new AbortController().signal,
  });
const refused = (promise: Promise<unknown>) =>
  promise.then(
    () => "ran",
    (error: Error) => `${error.name}: ${error.message}`,
  );

describe("code mode's host", () => {
  it("knows the client's methods, sorted, streams left out", () => {
    const methods = methodsOf(flow());
    expect(methods).toEqual([...methods].sort());
    expect(methods).toEqual(
      expect.arrayContaining([
        "dataJobs.create",
        "dataJobs.waitFor",
        "files.upload",
        "files.uploadEach",
        "paginate",
        "request",
      ]),
    );
    expect(methods).not.toContain("files.content");
    expect(methods.some((m) => m.endsWith(".constructor"))).toBe(false);
    expect(new Set(methods).size).toBe(methods.length);
  });

  it("calls a method by name with the guest's arguments, and the top-level ones", async () => {
    const h = host();
    const job = (await h.call("dataJobs.create", [
      { name: "Guest", job_type: "principle_files" },
    ])) as { id: string };
    expect(job.id).toMatch(/^dj-/);
    expect(
      await h.call("request", ["getDataJob", { path: { data_job_id: job.id } }]),
    ).toMatchObject({ name: "Guest" });
  });

  it("says what was meant by a name the client does not have, and why a stream is not here", async () => {
    const h = host();
    expect(await refused(h.call("dataJobs.creat", [{}]) as Promise<unknown>)).toBe(
      "TypeError: flow.dataJobs.creat is not a method of the client. Did you mean flow.dataJobs.create? (search_docs finds methods by what they do.)",
    );
    expect(await refused(h.call("files.content", ["file-1"]) as Promise<unknown>)).toBe(
      "TypeError: flow.files.content: streams do not cross into the sandbox: use flow.files.download(id, path)",
    );
  });

  it("refuses under --read-only every request that changes data, and downloads, sending nothing", async () => {
    const h = host({ readOnly: true });
    const before = standIn.requests.length;
    expect(
      await refused(
        h.call("dataJobs.create", [{ name: "x", job_type: "principle_files" }]) as Promise<unknown>,
      ),
    ).toBe(
      "PermissionRefused: createDataJob changes data, and this server is --read-only: only reads run. Nothing was sent.",
    );
    expect(
      await refused(
        h.call("request", ["deleteDataJob", { path: { data_job_id: "dj-1" } }]) as Promise<unknown>,
      ),
    ).toBe(
      "PermissionRefused: deleteDataJob changes data, and this server is --read-only: only reads run. Nothing was sent.",
    );
    expect(await refused(h.call("files.download", ["file-1", "out.bin"]) as Promise<unknown>)).toBe(
      "PermissionRefused: flow.files.download writes a local file, and this server is --read-only. Nothing was sent.",
    );
    expect(standIn.requests.length).toBe(before);
    expect(await h.call("dataJobs.list", [])).toMatchObject({ data: expect.any(Array) });
    expect(PermissionRefused.name).toBe("PermissionRefused");
  });

  it("runs under --tools only the operations whose tool is served", async () => {
    const h = host({ tools: ["get_data_job", "list_files"] });
    expect(await h.call("files.list", [])).toMatchObject({ object: "list" });
    expect(await refused(h.call("dataJobs.list", []) as Promise<unknown>)).toBe(
      "PermissionRefused: listDataJobs is not among the tools this server allows (--tools get_data_job,list_files). Nothing was sent.",
    );
  });

  it("uploads and downloads local files under the roots only, never replacing one unasked", async () => {
    const h = host();
    expect(await refused(h.call("files.upload", [42]) as Promise<unknown>)).toBe(
      "TypeError: a local file is named by a path (a string) under the roots, not 42",
    );
    expect(await refused(h.call("files.upload", ["../x.md"]) as Promise<unknown>)).toMatch(
      /^PathRefused: \.\.\/x\.md /,
    );
    const file = (await h.call("files.upload", ["a.md", { purpose: "alignment" }])) as {
      id: string;
      filename: string;
    };
    expect(file.filename).toBe("a.md");
    expect(await refused(h.call("files.uploadEach", ["a.md"]) as Promise<unknown>)).toBe(
      "TypeError: flow.files.uploadEach takes an array of paths",
    );
    const together = (await h.call("files.uploadTogether", [
      ["a.md", "a.md"],
      { purpose: "alignment" },
    ])) as unknown[];
    expect(together).toHaveLength(2);
    const each = (await h.call("files.uploadEach", [["a.md"], { purpose: "nonsense" }])) as {
      source: string;
      error: unknown;
    }[];
    expect(each).toEqual([
      {
        source: path.join(root, "a.md"),
        error: { name: "InvalidRequestError", message: expect.stringContaining("purpose") },
      },
    ]);
    const saved = (await h.call("files.download", [file.id, "copy.md"])) as {
      path: string;
      bytes: number;
    };
    expect(saved).toEqual({
      path: path.join(await realpath(root), "copy.md"),
      bytes: 10,
    });
    expect(await readFile(saved.path, "utf8")).toBe("# A\nalpha\n");
    expect(await refused(h.call("files.download", [file.id, "copy.md"]) as Promise<unknown>)).toBe(
      "PermissionRefused: copy.md exists: pass { overwrite: true } to replace it. Nothing was sent.",
    );
    expect(await h.call("files.download", [file.id, "copy.md", { overwrite: true }])).toEqual(
      saved,
    );
  });

  it("passes the run's signal to every call", async () => {
    const stop = new AbortController();
    stop.abort(new Error("run stopped"));
    const h = host({ signal: stop.signal });
    expect(
      await refused(h.call("files.upload", ["a.md", { purpose: "alignment" }]) as Promise<unknown>),
    ).toMatch(/abort|stopped/i);
  });

  it("walks a list by id, page after page, and forgets a walk once it is over or closed", async () => {
    const h = host();
    await h.call("dataJobs.create", [{ name: "W1", job_type: "principle_files" }]);
    const walk = (await h.call("walk.open", ["dataJobs.list", [{ limit: 1 }]])) as number;
    const first = (await h.call("walk.next", [walk])) as { done: boolean; value: { id: string } };
    expect(first).toMatchObject({ done: false, value: { id: expect.stringMatching(/^dj-/) } });
    expect(await h.call("walk.close", [walk])).toBeNull();
    expect(await refused(h.call("walk.next", [walk]) as Promise<unknown>)).toBe(
      "TypeError: that walk is over",
    );
    const other = (await h.call("walk.open", ["files.list", [{ purpose: "fine-tune" }]])) as number;
    expect(other).toBe(walk + 1);
    expect(await h.call("walk.next", [other])).toEqual({ done: true, value: null });
    expect(await refused(h.call("walk.next", [other]) as Promise<unknown>)).toBe(
      "TypeError: that walk is over",
    );
    expect(await refused(h.call("walk.open", ["dataJobs.get", ["dj-x"]]) as Promise<unknown>)).toBe(
      "TypeError: flow.dataJobs.get(…) is not a list: await it instead of for await",
    );
    expect(await refused(h.call("walk.open", ["dataJobs.nope", []]) as Promise<unknown>)).toMatch(
      /^TypeError: flow\.dataJobs\.nope is not a method/,
    );
    expect(await h.call("walk.close", [999])).toBeNull();
  });
});
