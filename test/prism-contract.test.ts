/**
 * The typed client against a Prism mock of our own document with --errors: what Prism serves and
 * rejects is what the document says.
 */
import { describe, expect, inject, it } from "vitest";
import { createSeekrFlowClient, InvalidRequestError } from "../src/index.js";

const baseUrl = inject("prismUrl");

describe("typed client against Prism (contract)", () => {
  const client = createSeekrFlowClient({ apiKey: "sk-contract-test", baseUrl, maxRetries: 0 });

  it("creates a data job", async () => {
    const { data, error, response } = await client.POST("/v1/flow/data-jobs", {
      body: { name: "Handbook QA", job_type: "principle_files", instructions: "Ask about leave." },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data?.id).toMatch(/^dj-/);
    expect(data?.status).toBeTypeOf("string");
  });

  it.each([
    ["an empty name", { name: "", job_type: "principle_files" }],
    ["a wrong job_type", { name: "x", job_type: "principles" }],
    ["a missing job_type", { name: "x" }],
  ])("is refused before sending, and Prism would refuse it too: %s", async (_label, body) => {
    await expect(client.POST("/v1/flow/data-jobs", { body: body as never })).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    // The same body sent around the client: Prism's own verdict on the document.
    const response = await fetch(`${baseUrl}/v1/flow/data-jobs`, {
      method: "POST",
      headers: { authorization: "sk-contract-test", "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(422);
    expect(response.headers.get("sl-violations")).toBeTruthy();
    await response.body?.cancel();
  });

  it("gets 401 without Authorization", async () => {
    const response = await fetch(`${baseUrl}/v1/flow/data-jobs`, {
      headers: { accept: "application/json" },
    });
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });

  it("pages data jobs with limit and offset", async () => {
    const { data, response } = await client.GET("/v1/flow/data-jobs", {
      params: { query: { limit: 10, offset: 0 } },
    });
    expect(response.status).toBe(200);
    expect(data?.object).toBe("list");
  });
});
