/**
 * validateResponses: a response that breaks the document is caught where it happens; new enum
 * values and extra fields are not drift; off by default.
 */
import { describe, expect, it } from "vitest";
import { BadResponseError, SeekrFlow } from "../src/index.js";
import { jobDetail, jsonResponse, scriptedFetch } from "./support/fake-fetch.js";

const BASE = "https://flow.example.test";
const { id: _id, ...withoutId } = jobDetail();

function client(validateResponses: boolean | "warn" | undefined, body: unknown) {
  const lines: string[] = [];
  const fetch = scriptedFetch(jsonResponse(body));
  const flow = new SeekrFlow({
    apiKey: "k",
    baseUrl: BASE,
    fetch,
    validateResponses,
    logger: (line, event) => event === undefined && lines.push(line),
  });
  return { flow, lines };
}

describe("validateResponses", () => {
  it("true: a missing required field rejects with BadResponseError naming field and rule", async () => {
    const { flow } = client(true, withoutId);
    const error = await flow.dataJobs.get("dj-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as Error).message).toContain("body.id required");
  });

  it("true: a wrong type rejects, a list item too", async () => {
    await expect(client(true, jobDetail({ name: 42 })).flow.dataJobs.get("dj-1")).rejects.toThrow(
      /body\.name type: must be string/,
    );
    await expect(
      client(true, { object: "list", data: [withoutId] }).flow.dataJobs.list(),
    ).rejects.toThrow(/body\.data\.0\.id required/);
  });

  it("true: new enum values and extra fields are not drift", async () => {
    const { flow } = client(
      true,
      jobDetail({ status: "paused_for_maintenance", job_type: "new_kind", brand_new: { a: 1 } }),
    );
    expect((await flow.dataJobs.get("dj-1")).status).toBe("paused_for_maintenance");
  });

  it("true: an error body is checked against its status's schema too", async () => {
    const fetch = scriptedFetch(jsonResponse({ message: "no detail here" }, 404));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch, validateResponses: true });
    await expect(flow.dataJobs.get("dj-1")).rejects.toThrow(/body\.detail required/);
  });

  it('"warn": resolves, and reports each operation and rule once through the logger', async () => {
    const { flow, lines } = client("warn", withoutId);
    expect((await flow.dataJobs.get("dj-1")).name).toBe("Handbook QA");
    await flow.dataJobs.get("dj-1");
    expect(lines).toEqual([
      "seekrflow: getDataJob answered 200 with a body the document does not allow: body.id required: must have required property 'id'",
    ]);
  });

  it('"warn": the same rule broken by another operation, or at another status, is said again', async () => {
    const lines: string[] = [];
    const fetch = scriptedFetch(
      jsonResponse(withoutId),
      jsonResponse(withoutId),
      jsonResponse(withoutId),
      jsonResponse({ message: "no detail here" }, 404),
      jsonResponse({ message: "no detail here" }, 404),
    );
    const flow = new SeekrFlow({
      apiKey: "k",
      baseUrl: BASE,
      fetch,
      maxRetries: 0,
      validateResponses: "warn",
      logger: (line, event) => event === undefined && lines.push(line),
    });
    await flow.dataJobs.get("dj-1");
    await flow.dataJobs.start("dj-1");
    await flow.dataJobs.get("dj-1");
    await flow.dataJobs.get("dj-1").catch(() => undefined);
    await flow.dataJobs.get("dj-1").catch(() => undefined);
    expect(lines).toEqual([
      "seekrflow: getDataJob answered 200 with a body the document does not allow: body.id required: must have required property 'id'",
      "seekrflow: startDataJob answered 200 with a body the document does not allow: body.id required: must have required property 'id'",
      expect.stringMatching(
        /^seekrflow: getDataJob answered 404 with a body the document does not allow: body\.detail required/,
      ),
    ]);
  });

  it("off by default: the same body resolves without a word", async () => {
    const { flow, lines } = client(undefined, withoutId);
    expect((await flow.dataJobs.get("dj-1")).name).toBe("Handbook QA");
    expect(lines).toEqual([]);
  });
});
