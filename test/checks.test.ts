/**
 * The checks that load with the validators, called directly: a request against its operation's
 * schema (request-check.ts) and an answer against its status's (response-check.ts).
 */
import { describe, expect, it } from "vitest";
import type { OperationId } from "../src/generated/operations.js";
import { brokenRules } from "../src/core/request-check.js";
import { driftIn } from "../src/core/response-check.js";
import { jobDetail } from "./support/fake-fetch.js";

const answer = (status: number, body: string, json?: object) => ({
  status,
  headers: new Headers(),
  body,
  ...(json ? { json } : {}),
});

describe("brokenRules", () => {
  it("finds none in a request that fits, and names each rule a request breaks", () => {
    const request = (name: string) => ({
      path: {},
      query: {},
      header: {},
      body: { name, job_type: "principle_files" },
    });
    expect(brokenRules("createDataJob", request("Handbook QA"))).toEqual([]);
    expect(brokenRules("createDataJob", request(""))).toEqual([
      { field: "body.name", rule: "minLength", message: "must be at least 1 character long" },
    ]);
  });
});

describe("driftIn", () => {
  const job = jobDetail();

  it("finds none in an answer that fits, and a line per rule one breaks", () => {
    expect(driftIn("getDataJob", answer(200, JSON.stringify(job), job))).toEqual([]);
    const { id: _id, ...noId } = job;
    expect(driftIn("getDataJob", answer(200, JSON.stringify(noId), noId))).toEqual([
      "body.id required: must have required property 'id'",
    ]);
  });

  it("reads the transport's parse of a success rather than the text again", () => {
    expect(driftIn("getDataJob", answer(200, JSON.stringify(job), {}))).not.toEqual([]);
  });

  it("parses an error's body itself, and passes over one that is not JSON", () => {
    expect(driftIn("getDataJob", answer(404, JSON.stringify({ detail: "Not Found" })))).toEqual([]);
    expect(driftIn("getDataJob", answer(404, JSON.stringify({ detail: 5 })))).not.toEqual([]);
    expect(driftIn("getDataJob", answer(404, "<html>Not Found</html>"))).toEqual([]);
  });

  it("finds none where the document has no schema: a status it does not list, an unknown operation", () => {
    expect(driftIn("getDataJob", answer(599, "{}", {}))).toEqual([]);
    expect(driftIn("noSuchOperation" as OperationId, answer(200, "{}", {}))).toEqual([]);
  });
});
