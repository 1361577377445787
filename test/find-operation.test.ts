/**
 * Operations and paths, both ways: which operation a method and path are (the transport's retry
 * policy and the stand-in's routes read it), and where a call of an operation goes (errors name it).
 */
import { describe, expect, it } from "vitest";
import { findOperation, operationsAt, targetOf } from "../src/core/find-operation.js";

describe("findOperation", () => {
  it("reads the operation and exactly its path parameters, percent-decoded", () => {
    expect(findOperation("GET", "/v1/flow/data-jobs/dj%201")).toEqual({
      id: "getDataJob",
      params: { data_job_id: "dj 1" },
    });
    expect(findOperation("GET", "/v1/flow/alignment/al-1/outputs")).toEqual({
      id: "listAlignmentOutputs",
      params: { alignment_job_id: "al-1" },
    });
    expect(findOperation("GET", "/v1/flow/data-jobs")).toEqual({ id: "listDataJobs", params: {} });
  });

  it("knows the operation but no parameters when one is not valid percent-encoding", () => {
    expect(findOperation("GET", "/v1/flow/data-jobs/%E0%A4%A")).toEqual({
      id: "getDataJob",
      params: undefined,
    });
  });

  it("matches no template with an empty segment, nor a method the path does not take", () => {
    expect(findOperation("GET", "/v1/flow/data-jobs/")).toBeUndefined();
    expect(findOperation("PUT", "/v1/flow/data-jobs/dj-1")).toBeUndefined();
    expect(operationsAt("/v1/flow/data-jobs/")).toEqual([]);
  });

  it("reads a literal segment before a template: gen_system_prompt is not an id", () => {
    expect(findOperation("POST", "/v1/flow/data-jobs/gen_system_prompt")?.id).toBe(
      "generateSystemPrompt",
    );
  });
});

describe("targetOf", () => {
  it("fills in the path, encoded, and leaves a missing parameter empty", () => {
    expect(targetOf("getDataJob", { data_job_id: "a/b" })).toEqual({
      operation: "getDataJob",
      method: "GET",
      path: "/v1/flow/data-jobs/a%2Fb",
    });
    expect(targetOf("getDataJob").path).toBe("/v1/flow/data-jobs/");
  });
});
