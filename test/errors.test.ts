import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  BadResponseError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  SeekrFlow,
  SeekrFlowError,
  UnprocessableEntityError,
} from "../src/index.js";
import { jsonResponse, scriptedFetch } from "./support/fake-fetch.js";
import { expectNoKey, KEY } from "./support/secrets.js";

function flowAnswering(response: Response) {
  return new SeekrFlow({
    apiKey: KEY,
    baseUrl: "https://flow.example.test",
    fetch: scriptedFetch(response),
    maxRetries: 0,
  });
}

describe("server errors become APIError subclasses", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
  ])(
    "%i → %o, with status, detail, requestId and a message naming the operation",
    async (status, Class) => {
      const flow = flowAnswering(
        jsonResponse({ detail: "Data job is not ready to start." }, status, {
          "cf-ray": "8f1e2d3c4b5a-AMS",
        }),
      );
      const error = await flow.dataJobs.start("dj-9").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Class);
      expect(error).toBeInstanceOf(APIError);
      expect(error).toBeInstanceOf(SeekrFlowError);
      expect(error).toMatchObject({
        status,
        detail: "Data job is not ready to start.",
        requestId: "8f1e2d3c4b5a-AMS",
        operation: "startDataJob",
        method: "POST",
        path: "/v1/flow/data-jobs/dj-9/start",
      });
      expect((error as Error).message).toContain(
        `startDataJob (POST /v1/flow/data-jobs/dj-9/start) failed with ${status}: Data job is not ready to start.`,
      );
      expectNoKey(error);
    },
  );

  it("keeps a 422's detail structured and lists it in the message", async () => {
    const detail = [
      {
        loc: ["body", "name"],
        msg: "String should have at least 1 character",
        type: "string_too_short",
        input: "",
      },
    ];
    const error = await flowAnswering(jsonResponse({ detail }, 422))
      .dataJobs.update("dj-1", { name: "n" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as APIError).detail).toEqual(detail);
    expect((error as Error).message).toContain(
      "body.name: String should have at least 1 character",
    );
  });

  it("tells a caller what to check when a create may have taken effect (5xx)", async () => {
    const error = await flowAnswering(jsonResponse({ detail: "boom" }, 500))
      .dataJobs.create({ name: "n", job_type: "principle_files" })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /may have taken effect: list data jobs .* look for one with this name/,
    );
  });

  it("reads an HTML error page as a short detail", async () => {
    const html = `<html><body><h1>502 Bad Gateway</h1>${"<p>cloudflare</p>".repeat(200)}</body></html>`;
    const error = await flowAnswering(
      new Response(html, { status: 502, headers: { "content-type": "text/html" } }),
    )
      .dataJobs.get("dj-1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toContain("502 Bad Gateway");
    expect((error as Error).message.length).toBeLessThan(500);
  });

  it.each([
    ["an empty body", ""],
    ["invalid JSON", '{"id": "dj-1", "na'],
    ["an HTML page", "<html>maintenance</html>"],
    ["JSON that is not an object", "42"],
  ])("a 200 with %s is a BadResponseError with the status and an excerpt", async (_label, body) => {
    const error = await flowAnswering(new Response(body, { status: 200 }))
      .dataJobs.get("dj-1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
    expect(error).toMatchObject({ status: 200, excerpt: body });
    expect((error as Error).message).toContain(
      "getDataJob (GET /v1/flow/data-jobs/dj-1) answered 200",
    );
  });

  it("a network failure is an APIConnectionError with its cause, and no key anywhere", async () => {
    const failing = (async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
          code: "ECONNREFUSED",
        }),
      });
    }) as typeof fetch;
    const flow = new SeekrFlow({
      apiKey: KEY,
      baseUrl: "https://flow.example.test",
      fetch: failing,
      maxRetries: 0,
    });
    const error = await flow.dataJobs.get("dj-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).mayHaveTakenEffect).toBe(false);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expectNoKey(error);
  });
});
