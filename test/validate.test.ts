import { describe, expect, it } from "vitest";
import { InvalidRequestError, SeekrFlow } from "../src/index.js";
import { jobDetail, jsonResponse, scriptedFetch } from "./support/fake-fetch.js";

function client() {
  const fetch = scriptedFetch(jsonResponse(jobDetail(), 201));
  return {
    flow: new SeekrFlow({ apiKey: "sk-validate", baseUrl: "https://flow.example.test", fetch }),
    fetch,
  };
}

describe("input the document forbids fails before anything is sent", () => {
  it.each([
    [
      "an empty name",
      (f: SeekrFlow) => f.dataJobs.create({ name: "", job_type: "principle_files" }),
      "body.name",
      "minLength",
    ],
    [
      "a name over 255",
      (f: SeekrFlow) => f.dataJobs.create({ name: "x".repeat(256), job_type: "principle_files" }),
      "body.name",
      "maxLength",
    ],
    [
      "an unknown job_type",
      (f: SeekrFlow) => f.dataJobs.create({ name: "x", job_type: "principles" as never }),
      "body.job_type",
      "enum",
    ],
    [
      "a missing name",
      (f: SeekrFlow) => f.dataJobs.create({ job_type: "principle_files" } as never),
      "body.name",
      "required",
    ],
    [
      "empty file_ids on add",
      (f: SeekrFlow) => f.dataJobs.addFiles("dj-1", { file_ids: [] }),
      "body.file_ids",
      "minItems",
    ],
    [
      "empty file_ids on remove",
      (f: SeekrFlow) => f.dataJobs.removeFiles("dj-1", { file_ids: [] }),
      "body.file_ids",
      "minItems",
    ],
    ["an empty id", (f: SeekrFlow) => f.dataJobs.get(""), "path.data_job_id", "minLength"],
    ["an id of ..", (f: SeekrFlow) => f.dataJobs.get(".."), "path.data_job_id", "id"],
    // "." would send GET /v1/flow/data-jobs/. which a URL parser reads as the list itself.
    ["an id of .", (f: SeekrFlow) => f.dataJobs.get("."), "path.data_job_id", "id"],
    ["a file id of .", (f: SeekrFlow) => f.files.get("."), "path.file_id", "id"],
    [
      "a limit over 100",
      (f: SeekrFlow) => f.dataJobs.list({ limit: 101 }),
      "query.limit",
      "maximum",
    ],
    [
      "a negative offset",
      (f: SeekrFlow) => f.files.list({ offset: -1 }),
      "query.offset",
      "minimum",
    ],
    [
      "an unknown sort order",
      (f: SeekrFlow) => f.dataJobs.list({ sort_order: "up" as never }),
      "query.sort_order",
      "enum",
    ],
    [
      "an unknown purpose",
      (f: SeekrFlow) =>
        f.files.upload(
          { data: new Uint8Array(1), filename: "a.md" },
          { purpose: "training" as never },
        ),
      "body.purpose",
      "enum",
    ],
    [
      "an empty clone name",
      (f: SeekrFlow) => f.dataJobs.clone("dj-1", { name: "" }),
      "body.name",
      "minLength",
    ],
  ])("%s", async (_label, act, field, rule) => {
    const { flow, fetch } = client();
    const error = await (async () => act(flow))().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).fields).toContainEqual(
      expect.objectContaining({ field, rule }),
    );
    expect((error as Error).message).toContain(field);
    expect(fetch.calls).toHaveLength(0);
  });

  it("says which values an enum allows", async () => {
    const { flow } = client();
    await expect(
      flow.dataJobs.create({ name: "x", job_type: "principles" as never }),
    ).rejects.toThrow(
      'body.job_type must be one of "principle_files", "context_grounded_files", "context_grounded_vector_db"',
    );
  });

  it("counts characters as the server does: 255 emoji are a valid name", async () => {
    const { flow, fetch } = client();
    await flow.dataJobs.create({ name: "📚".repeat(255), job_type: "principle_files" });
    expect(fetch.calls).toHaveLength(1);
  });

  it("encodes ids so that /, ? and # stay inside the path segment", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: "https://flow.example.test", fetch });
    await flow.dataJobs.get("a/../b?c#d");
    expect(fetch.calls[0]!.url).toBe(
      "https://flow.example.test/v1/flow/data-jobs/a%2F..%2Fb%3Fc%23d",
    );
  });
});
