/**
 * What openai-node and stripe-node users reach for first: per-request headers, a client with some
 * options changed, the response headers of an error, the raw response, the request id.
 */
import { describe, expect, it } from "vitest";
import { BadResponseError, ConfigurationError, NotFoundError, SeekrFlow } from "../src/index.js";
import { SeekrFlow as NodeSeekrFlow } from "../src/node/index.js";
import { jobDetail, jsonResponse, scriptedFetch } from "./support/fake-fetch.js";

const BASE = "https://flow.example";

describe("per-request headers", () => {
  it("reach the server, over the client's headers", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const flow = new SeekrFlow({
      apiKey: "k",
      baseUrl: BASE,
      fetch,
      headers: { "x-trace": "client", "x-app": "demo" },
    });
    await flow.dataJobs.get("dj-1", { headers: { "x-trace": "call-7" } });
    const sent = fetch.calls[0]!.headers;
    expect(sent.get("x-trace")).toBe("call-7");
    expect(sent.get("x-app")).toBe("demo");
    expect(sent.get("authorization")).toBe("k");
  });

  it.each(["Authorization", "x-team-id"])(
    "%s cannot be set for one call: ConfigurationError naming withOptions, nothing sent",
    async (name) => {
      const fetch = scriptedFetch(jsonResponse(jobDetail()));
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
      const error = await flow.dataJobs
        .get("dj-1", { headers: { [name]: "other" } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/flow\.withOptions\(\{ (apiKey|teamId) \}\)/);
      expect(fetch.calls).toHaveLength(0);
    },
  );
});

describe("withOptions", () => {
  it("returns a new client of the same class with the overrides, this one unchanged", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch, headers: { "x-app": "demo" } });
    const other = flow.withOptions({ teamId: "team-2", headers: { "x-trace": "t" } });
    expect(other).toBeInstanceOf(SeekrFlow);
    expect(other).not.toBe(flow);
    await other.dataJobs.get("dj-1");
    await flow.dataJobs.get("dj-1");
    const [fromOther, fromFlow] = fetch.calls.map((c) => c.headers);
    expect(fromOther!.get("x-team-id")).toBe("team-2");
    expect(fromOther!.get("x-app")).toBe("demo");
    expect(fromOther!.get("x-trace")).toBe("t");
    expect(fromFlow!.get("x-team-id")).toBeNull();
    expect(fromFlow!.get("x-trace")).toBeNull();
  });

  it("of the Node client is a Node client (uploads from paths, downloads to paths)", () => {
    const flow = new NodeSeekrFlow({ apiKey: "k", baseUrl: BASE });
    const other = flow.withOptions({ timeoutMs: 5_000 });
    expect(other).toBeInstanceOf(NodeSeekrFlow);
    expect(typeof other.files.download).toBe("function");
  });

  it("keeps the middleware, and checks the overrides as the constructor does", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const seen: string[] = [];
    flow.use({ onRequest: ({ request }) => void seen.push(new URL(request.url).pathname) });
    await flow.withOptions({ maxRetries: 0 }).dataJobs.get("dj-2");
    expect(seen).toEqual(["/v1/flow/data-jobs/dj-2"]);
    expect(() => flow.withOptions({ timeoutMs: -1 })).toThrow(ConfigurationError);
  });
});

describe("what a call gives back besides its data", () => {
  it("APIError.headers is the response's Headers", async () => {
    const fetch = scriptedFetch(
      jsonResponse({ detail: "Data job not found." }, 404, { "cf-ray": "8f-AMS", "x-extra": "1" }),
    );
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const error = (await flow.dataJobs.get("dj-x").catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.headers).toBeInstanceOf(Headers);
    expect(error.headers.get("x-extra")).toBe("1");
    expect(error.requestId).toBe("8f-AMS");
  });

  it("asResponse() is the Response with its body unread, as many times as asked", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail({ name: "Raw" }), 200, { "cf-ray": "9a" }));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const call = flow.dataJobs.get("dj-1");
    const response = await call.asResponse();
    expect(response.bodyUsed).toBe(false);
    expect(response.status).toBe(200);
    expect(response.headers.get("cf-ray")).toBe("9a");
    expect(((await response.json()) as { name: string }).name).toBe("Raw");
    expect(((await (await call.asResponse()).json()) as { name: string }).name).toBe("Raw");
    expect((await call).name).toBe("Raw");
    expect(fetch.calls).toHaveLength(1);
  });

  it("asResponse() of a call without a body (204) is the empty response", async () => {
    const fetch = scriptedFetch(new Response(null, { status: 204 }));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const response = await flow.dataJobs.delete("dj-1").asResponse();
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("asResponse() of a failed call rejects with the error", async () => {
    const fetch = scriptedFetch(jsonResponse({ detail: "gone" }, 404));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    await expect(flow.dataJobs.get("dj-1").asResponse()).rejects.toBeInstanceOf(NotFoundError);
  });

  it("requestId on a BadResponseError", async () => {
    const fetch = scriptedFetch(
      new Response("<html>oops</html>", { status: 200, headers: { "cf-ray": "7c-LHR" } }),
    );
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const error = (await flow.dataJobs.get("dj-1").catch((e: unknown) => e)) as BadResponseError;
    expect(error).toBeInstanceOf(BadResponseError);
    expect(error.requestId).toBe("7c-LHR");
    expect(error.message).toContain("[cf-ray 7c-LHR]");
  });
});

describe("middleware", () => {
  it("sees one request and one response per call: retries and redirects happen below it", async () => {
    const fetch = scriptedFetch(
      jsonResponse({ detail: "busy" }, 503, { "retry-after-ms": "0" }),
      new Response(null, { status: 307, headers: { location: `${BASE}/v1/flow/data-jobs/dj-9` } }),
      jsonResponse(jobDetail({ id: "dj-9" })),
    );
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const events: string[] = [];
    flow.use({
      onRequest: ({ request }) => {
        events.push(`request ${request.headers.get("authorization") ?? "no key"}`);
      },
      onResponse: ({ response }) => void events.push(`response ${response.status}`),
    });
    expect((await flow.dataJobs.get("dj-1")).id).toBe("dj-9");
    expect(fetch.calls).toHaveLength(3);
    expect(events).toEqual(["request no key", "response 200"]);
  });

  it("a response a middleware replaces is the one the call reads", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail({ name: "From the server" })));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    flow.use({
      onResponse: ({ response }) =>
        new Response(JSON.stringify(jobDetail({ name: "From the middleware" })), {
          status: response.status,
          headers: response.headers,
        }),
    });
    expect((await flow.dataJobs.get("dj-1")).name).toBe("From the middleware");
  });
});
