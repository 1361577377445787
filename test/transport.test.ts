/**
 * The transport's rules one by one, with an injected fetch: the headers it sends, where a call
 * goes under a base path, which body a success must carry, how a failure is named, and aborts
 * during a wait between attempts.
 */
import { describe, expect, it } from "vitest";
import {
  APIAbortError,
  APIConnectionError,
  BadResponseError,
  ConfigurationError,
  type RequestLogEvent,
  SeekrFlow,
} from "../src/index.js";
import { VERSION } from "../src/core/version.js";
import { jobDetail, jsonResponse, scriptedFetch } from "./support/fake-fetch.js";

const BASE = "https://flow.example";
const client = (fetch: typeof globalThis.fetch, options: Record<string, unknown> = {}) => {
  const events: RequestLogEvent[] = [];
  const flow = new SeekrFlow({
    apiKey: "k",
    baseUrl: BASE,
    fetch,
    logger: (_line, event) => void (event && events.push(event)),
    ...options,
  });
  return { flow, events };
};
const failing = (error: unknown): typeof fetch =>
  (async () => {
    throw error;
  }) as typeof fetch;

describe("what is sent", () => {
  it("JSON keeps its content type; the user agent names the client and Node", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail(), 201));
    await client(fetch).flow.dataJobs.create({ name: "A", job_type: "principle_files" });
    expect(fetch.calls[0]!.headers.get("content-type")).toBe("application/json");
    expect(fetch.calls[0]!.headers.get("user-agent")).toBe(
      `seekrflow-client/${VERSION} node/${process.versions.node}`,
    );
  });

  it("a user agent of the caller's own is kept", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    await client(fetch, { headers: { "user-agent": "my-app/1.0" } }).flow.dataJobs.get("dj-1");
    expect(fetch.calls[0]!.headers.get("user-agent")).toBe("my-app/1.0");
  });

  it.each([
    ["authorization", "apiKey"],
    ["x-team-id", "teamId"],
  ])("%s for one call is refused, pointing to withOptions({ %s })", async (header, option) => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const error = await client(fetch)
      .flow.dataJobs.get("dj-1", { headers: { [header]: "x" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      `headers: ${header} cannot be set for one call (the key and team are the client's); use flow.withOptions({ ${option} }) for a client that sends another.`,
    );
  });
});

describe("where a call goes", () => {
  it("under a base path, the operation is still known (its retry mode, its log event)", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const { flow, events } = client(fetch, { baseUrl: `${BASE}/api/` });
    await flow.dataJobs.get("dj-1");
    expect(fetch.calls[0]!.url).toBe(`${BASE}/api/v1/flow/data-jobs/dj-1`);
    expect(events[0]).toMatchObject({
      operation: "getDataJob",
      path: "/api/v1/flow/data-jobs/dj-1", // as sent
      method: "GET",
      outcome: 200,
      attempt: 1,
      maxAttempts: 3,
    });
    expect(events[0]!.ms).toBeGreaterThanOrEqual(0);
    expect(events[0]!.ms).toBeLessThan(60_000);
  });

  it("errors and logs name the path as sent: a base URL ending in /v1 shows /v1/v1, and is warned about once", async () => {
    const fetch = scriptedFetch(jsonResponse({ detail: "Not Found" }, 404));
    const lines: string[] = [];
    const events: RequestLogEvent[] = [];
    const options = {
      apiKey: "k",
      baseUrl: `${BASE}/v1`,
      fetch,
      maxRetries: 0,
      logger: (line: string, event: RequestLogEvent | undefined) => {
        lines.push(line);
        if (event) events.push(event);
      },
    };
    const flow = new SeekrFlow(options);
    const error = await flow.dataJobs.get("dj-1").catch((e: unknown) => e);
    expect((error as Error).message).toContain("(GET /v1/v1/flow/data-jobs/dj-1) failed with 404");
    expect(error).toMatchObject({ path: "/v1/v1/flow/data-jobs/dj-1" });
    expect(events[0]!.path).toBe("/v1/v1/flow/data-jobs/dj-1");
    const warnings = lines.filter((line) => line.includes("warning"));
    expect(warnings).toEqual([
      `seekrflow-client: warning: baseUrl ${BASE}/v1 already ends in /v1, which every API path starts with: requests go to /v1/v1/…. Did you mean ${BASE}?`,
    ]);
    // Said once: another client with the same base URL does not say it again.
    new SeekrFlow(options);
    expect(lines.filter((line) => line.includes("warning"))).toHaveLength(1);
    // A base URL with a path of its own is no mistake.
    const other: string[] = [];
    new SeekrFlow({ ...options, baseUrl: `${BASE}/api`, logger: (line) => other.push(line) });
    expect(other).toEqual([]);
  });

  it("a raw call to a path the document does not have goes out as 'request', safe if its method is", async () => {
    const fetch = scriptedFetch(
      jsonResponse({ detail: "busy" }, 503, { "retry-after-ms": "0" }),
      jsonResponse({ ok: true }),
    );
    const { flow, events } = client(fetch);
    const { response } = await flow.raw.request("get" as never, "/v1/flow/unknown" as never);
    expect(response.status).toBe(200);
    expect(events.map((e) => [e.operation, e.outcome])).toEqual([
      [undefined, 503],
      [undefined, 200],
    ]);
  });
});

describe("what a success must carry", () => {
  it.each([
    ["an empty body", "", "an empty body where JSON was expected"],
    ["only whitespace", "  \n", "an empty body where JSON was expected"],
    ["text that is not JSON", "{oops", "a body that is not valid JSON"],
    ["JSON that is a number", "42", "JSON that is not an object or a list"],
    ["JSON null", "null", "JSON that is not an object or a list"],
  ])("%s: BadResponseError saying so", async (_label, body, problem) => {
    const { flow } = client(scriptedFetch(new Response(body, { status: 200 })));
    const error = await flow.dataJobs.get("dj-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as Error).message).toContain(`answered 200 with ${problem}`);
  });

  it("an operation whose success has no body takes a 200 without one", async () => {
    const { flow } = client(scriptedFetch(new Response("", { status: 200 })));
    await expect(flow.dataJobs.delete("dj-1")).resolves.toBeUndefined();
  });
});

describe("how a failure is named", () => {
  it("the first code along the causes (up to five deep), else the cause's message", async () => {
    const nested = (depth: number): Error => {
      let error: Error = Object.assign(new Error("innermost"), { code: "ECONNRESET" });
      for (let i = 0; i < depth; i++) error = new Error(`level ${i}`, { cause: error });
      return error;
    };
    const at = async (error: unknown) =>
      (
        (await client(failing(error), { maxRetries: 0 })
          .flow.dataJobs.create({ name: "A", job_type: "principle_files" })
          .catch((e: unknown) => e)) as Error
      ).message;
    expect(await at(nested(4))).toMatch(/connection failed \(ECONNRESET\)/);
    expect(await at(nested(5))).toMatch(/connection failed \(level 3\)/);
    expect(await at(new TypeError("fetch failed", { cause: new Error("socket hang up") }))).toMatch(
      /connection failed \(socket hang up\)/,
    );
    expect(await at(new TypeError("fetch failed"))).toMatch(/connection failed \(fetch failed\)/);
    expect(await at("a string")).toMatch(/connection failed \(a string\)/);
  });

  it("a create cut off by the caller's abort is an abort, not a connection error", async () => {
    const controller = new AbortController();
    const fetch = (async (_input: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () =>
          reject(new TypeError("fetch failed", { cause: init.signal?.reason })),
        );
        controller.abort(new Error("user stopped"));
      })) as typeof globalThis.fetch;
    const error = await client(fetch)
      .flow.dataJobs.create(
        { name: "A", job_type: "principle_files" },
        { signal: controller.signal },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIAbortError);
    expect((error as Error).message).toBe("createDataJob (POST /v1/flow/data-jobs) was aborted.");
    expect((error as Error).cause).toEqual(new Error("user stopped"));
  });

  it("an abort while waiting to retry ends the wait at once", async () => {
    const controller = new AbortController();
    const fetch = scriptedFetch(
      jsonResponse({ detail: "busy" }, 503, { "retry-after-ms": "60000" }),
    );
    const { flow, events } = client(fetch);
    const call = flow.dataJobs.get("dj-1", { signal: controller.signal }).catch((e: unknown) => e);
    while (events.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(APIAbortError);
    expect(fetch.calls).toHaveLength(1);
  });

  it("a connection error says not sent only when nothing left", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const error = (await client(failing(new TypeError("fetch failed", { cause: refused })), {
      maxRetries: 0,
    })
      .flow.dataJobs.get("dj-1")
      .catch((e: unknown) => e)) as APIConnectionError;
    expect(error.mayHaveTakenEffect).toBe(false);
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    const after = (await client(failing(new TypeError("fetch failed", { cause: reset })), {
      maxRetries: 0,
    })
      .flow.dataJobs.get("dj-1")
      .catch((e: unknown) => e)) as APIConnectionError;
    expect(after.mayHaveTakenEffect).toBe(true);
  });
});

describe("an operation is named once", () => {
  it("a facade call keeps its operation even when a middleware moves the request elsewhere", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const { flow, events } = client(fetch);
    flow.use({
      onRequest: ({ request }) =>
        new Request(request.url.replace("/v1/flow/", "/proxy/v1/flow/"), request),
    });
    await flow.dataJobs.get("dj-1");
    expect(fetch.calls[0]!.url).toBe(`${BASE}/proxy/v1/flow/data-jobs/dj-1`);
    expect(events[0]).toMatchObject({
      operation: "getDataJob",
      path: "/proxy/v1/flow/data-jobs/dj-1",
    });
  });

  it("a raw call's operation is the one its path template names, found once by the client", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const { flow, events } = client(fetch);
    await flow.raw.GET("/v1/flow/data-jobs/{data_job_id}", {
      params: { path: { data_job_id: "dj-1" } },
    });
    expect(events[0]?.operation).toBe("getDataJob");
  });

  it("a raw call is checked against the document before it is sent; a facade call once", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail(), 201));
    const { flow } = client(fetch);
    const raw = await flow.raw
      .POST("/v1/flow/data-jobs", { body: { name: "", job_type: "principle_files" } })
      .catch((e: unknown) => e);
    expect((raw as Error).message).toMatch(
      /^createDataJob: invalid request, nothing was sent: body\.name/,
    );
    const facade = await flow.dataJobs
      .create({ name: "", job_type: "principle_files" })
      .catch((e: unknown) => e);
    expect((facade as Error).message).toMatch(
      /^createDataJob: invalid request, nothing was sent: body\.name/,
    );
    expect(fetch.calls).toHaveLength(0);
  });
});
