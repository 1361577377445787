/**
 * The one request path: a facade call goes from validation straight to the transport (through
 * openapi-fetch and its middleware when the client has any), a raw call through openapi-fetch;
 * results carry their response; lists page as promised.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  InvalidRequestError,
  type Middleware,
  type RequestLogEvent,
  SeekrFlow,
} from "../src/index.js";
import { jobDetail, jsonResponse, scriptedFetch } from "./support/fake-fetch.js";
import { useStandIn } from "./support/set-up.js";

const BASE = "https://flow.example.test";
const job = (id: string) => ({ ...jobDetail({ id, name: id }) });
const page = (...ids: string[]) => jsonResponse({ object: "list", data: ids.map(job) });

const standIn = useStandIn({ apiKey: "sk-through" });

describe("one request path", () => {
  afterEach(() => vi.restoreAllMocks());

  it("a facade call with no middleware makes no Request and parses the body once", async () => {
    const body = JSON.stringify(jobDetail({ id: "dj-once" }));
    const seen: unknown[] = [];
    const fetch = (async (input: unknown) => {
      seen.push(input);
      return new Response(body, { headers: { "content-type": "application/json" } });
    }) as typeof globalThis.fetch;
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const parse = vi.spyOn(JSON, "parse");
    const Request = vi.spyOn(globalThis, "Request");
    const { data, response } = await flow.dataJobs.get("dj-once").withResponse();
    expect(data.id).toBe("dj-once");
    expect(parse.mock.calls.filter(([text]) => text === body)).toHaveLength(1);
    expect(Request).not.toHaveBeenCalled();
    expect(seen).toEqual([`${BASE}/v1/flow/data-jobs/dj-once`]);
    // The response is the server's own, read.
    expect(response.bodyUsed).toBe(true);
  });

  it("straight to the transport: a read carries no body and no content type; errors say what came", async () => {
    const fetch = scriptedFetch(
      jsonResponse(jobDetail()),
      new Response("", { status: 404 }),
      new Response("bytes", { headers: { "content-type": "application/octet-stream" } }),
    );
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch, maxRetries: 0 });
    await flow.dataJobs.get("dj-1");
    expect(fetch.calls[0]!.headers.get("content-type")).toBeNull();
    expect(fetch.calls[0]!.body).toBeFalsy();
    const error = await flow.dataJobs.get("dj-2").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, detail: undefined });
    expect((error as Error).message).toBe(
      "getDataJob (GET /v1/flow/data-jobs/dj-2) failed with 404: no details in the response",
    );
    const download = await flow.files.content("file-1").asResponse();
    expect(await download.text()).toBe("bytes");
  });

  it("through middleware, an operation without content resolves to nothing, whatever the body", async () => {
    const fetch = scriptedFetch(jsonResponse({ deleted: true }));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    flow.use({ onRequest: () => undefined });
    expect(await flow.dataJobs.delete("dj-1")).toBeUndefined();
  });

  it("calls with no signal of their own share none: no listeners gather on one", async () => {
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(warning.name);
    process.on("warning", listen);
    try {
      // Fifteen calls in flight at once, each answered only when all have been sent.
      let release = (): void => {};
      const sent = new Promise<void>((resolve) => (release = resolve));
      let count = 0;
      const fetch = (async () => {
        if (++count === 15) release();
        await sent;
        return jsonResponse({ object: "list", data: [] });
      }) as typeof globalThis.fetch;
      const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
      await Promise.all(Array.from({ length: 15 }, () => flow.files.list()));
      await new Promise((resolve) => setImmediate(resolve));
      expect(count).toBe(15);
    } finally {
      process.off("warning", listen);
    }
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });

  it("through middleware, a facade call answers as without: data, error, unread body, download", async () => {
    const fetch = scriptedFetch(
      jsonResponse(jobDetail({ id: "dj-m" })),
      jsonResponse({ detail: "no such job" }, 404),
      new Response("raw bytes", { headers: { "content-type": "application/octet-stream" } }),
    );
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch, maxRetries: 0 });
    const seen: string[] = [];
    flow.use({ onResponse: ({ response }) => void seen.push(String(response.status)) });
    const unread = await flow.dataJobs.get("dj-m").asResponse();
    expect(((await unread.json()) as { id: string }).id).toBe("dj-m");
    const error = await flow.dataJobs.get("dj-gone").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, detail: "no such job" });
    const stream = await flow.files.content("file-1");
    expect(await new Response(stream).text()).toBe("raw bytes");
    expect(seen).toEqual(["200", "404", "200"]);
  });

  it("middleware sees facade and raw calls alike, without the key", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const flow = new SeekrFlow({ apiKey: "sk-secret", baseUrl: BASE, fetch });
    const seen: string[] = [];
    const middleware: Middleware = {
      onRequest({ request, schemaPath }) {
        seen.push(`${request.method} ${schemaPath} key=${request.headers.get("authorization")}`);
      },
    };
    flow.use(middleware);
    await flow.dataJobs.get("dj-1");
    await flow.raw.GET("/v1/flow/data-jobs/{data_job_id}", {
      params: { path: { data_job_id: "dj-1" } },
    });
    expect(seen).toEqual([
      "GET /v1/flow/data-jobs/{data_job_id} key=null",
      "GET /v1/flow/data-jobs/{data_job_id} key=null",
    ]);
    // Below the middleware, the transport adds the key to what is sent.
    expect(fetch.calls.map((c) => c.headers.get("authorization"))).toEqual([
      "sk-secret",
      "sk-secret",
    ]);
  });

  it("through middleware, every kind of call works as without: a body, a form, no content", async () => {
    const flow = new SeekrFlow({ apiKey: "sk-through", baseUrl: standIn.url, maxRetries: 0 });
    const seen: string[] = [];
    flow.use({ onRequest: ({ request }) => void seen.push(request.method) });
    const file = await flow.files.upload(new File(["# Notes\n"], "notes.md"), {
      purpose: "alignment",
    });
    expect(file).toMatchObject({ filename: "notes.md", bytes: 8 });
    const job = await flow.dataJobs.create({ name: "Through", job_type: "principle_files" });
    expect(job.name).toBe("Through");
    const bytes = await flow.files.content(file.id).asResponse();
    expect(await bytes.text()).toBe("# Notes\n");
    expect(await flow.dataJobs.delete(job.id)).toBeUndefined();
    expect(seen).toEqual(["PUT", "POST", "GET", "DELETE"]);
  });

  it("a middleware's empty answer where JSON is promised is no data, not a crash", async () => {
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch: scriptedFetch() });
    flow.use({ onRequest: () => new Response(null, { status: 200 }) });
    expect(await flow.dataJobs.get("dj-1")).toBeUndefined();
  });

  it("a middleware's answer short-circuits the network for facade calls too", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    flow.use({ onRequest: () => jsonResponse(jobDetail({ id: "dj-cached" })) });
    expect((await flow.dataJobs.get("dj-1")).id).toBe("dj-cached");
    expect(fetch.calls).toHaveLength(0);
  });

  it("raw calls are validated against the document before anything is sent", async () => {
    const fetch = scriptedFetch(jsonResponse(jobDetail()));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const error = await flow.raw
      .POST("/v1/flow/data-jobs", { body: { name: "", job_type: "principle_files" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).fields).toEqual([
      expect.objectContaining({ field: "body.name", rule: "minLength" }),
    ]);
    await expect(
      flow.raw.GET("/v1/flow/data-jobs", { params: { query: { limit: 0 } } }),
    ).rejects.toThrow(/query.limit/);
    expect(fetch.calls).toHaveLength(0);
  });

  it("logs each attempt as a structured event and as a line", async () => {
    const events: RequestLogEvent[] = [];
    const fetch = scriptedFetch(
      jsonResponse({ detail: "busy" }, 503, { "retry-after-ms": "7" }),
      jsonResponse(jobDetail(), 200, { "cf-ray": "8a-AMS" }),
    );
    const flow = new SeekrFlow({
      apiKey: "k",
      baseUrl: BASE,
      fetch,
      logger: (_line, event) => event && events.push(event),
    });
    await flow.dataJobs.get("dj-1");
    expect(events).toEqual([
      expect.objectContaining({
        method: "GET",
        path: "/v1/flow/data-jobs/dj-1",
        operation: "getDataJob",
        outcome: 503,
        attempt: 1,
        maxAttempts: 3,
        retryInMs: 7,
      }),
      expect.objectContaining({
        outcome: 200,
        attempt: 2,
        requestId: "8a-AMS",
        retryInMs: undefined,
      }),
    ]);
  });
});

describe("results carry their response", () => {
  it("withResponse() gives the data, the response and the request id", async () => {
    const fetch = scriptedFetch(
      jsonResponse(jobDetail({ id: "dj-9" }), 200, { "cf-ray": "9f-FRA" }),
    );
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const call = flow.dataJobs.get("dj-9");
    const { data, response, requestId } = await call.withResponse();
    expect(data.id).toBe("dj-9");
    expect(response.status).toBe(200);
    expect(requestId).toBe("9f-FRA");
    // The same call awaited: no second request.
    expect((await call).id).toBe("dj-9");
    expect(fetch.calls).toHaveLength(1);
  });

  it("is a real promise: catch and finally work, and it is an instance of Promise", async () => {
    const fetch = scriptedFetch(jsonResponse({ detail: "Data job not found." }, 404));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const call = flow.dataJobs.get("dj-x");
    expect(call).toBeInstanceOf(Promise);
    let settled = false;
    const status = await call
      .finally(() => (settled = true))
      .catch((error: { status: number }) => error.status);
    expect(status).toBe(404);
    expect(settled).toBe(true);
  });
});

describe("lists", () => {
  it("awaiting a list twice sends one request", async () => {
    const fetch = scriptedFetch(page("dj-a"));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const list = flow.dataJobs.list({ limit: 5 });
    expect((await list).data).toHaveLength(1);
    expect((await list).data).toHaveLength(1);
    let finished = false;
    await list.finally(() => (finished = true));
    expect(finished).toBe(true);
    expect(fetch.calls).toHaveLength(1);
  });

  it(".pages() yields each page with its offset, so a caller can resume", async () => {
    const fetch = scriptedFetch(page("dj-a", "dj-b"), page("dj-c", "dj-d"), page("dj-e"));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const pages = [];
    for await (const p of flow.dataJobs.list({ limit: 2 }).pages())
      pages.push({ offset: p.offset, ids: p.data.map((j) => j.id) });
    expect(pages).toEqual([
      { offset: 0, ids: ["dj-a", "dj-b"] },
      { offset: 2, ids: ["dj-c", "dj-d"] },
      { offset: 4, ids: ["dj-e"] },
    ]);
    expect(fetch.calls.map((c) => new URL(c.url).searchParams.get("offset"))).toEqual([
      null,
      "2",
      "4",
    ]);
  });

  it(".pages() ends after the last page with items: no empty page after a full one", async () => {
    const fetch = scriptedFetch(page("dj-a", "dj-b"), page());
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const pages = [];
    for await (const p of flow.dataJobs.list({ limit: 2 }).pages()) pages.push(p.data.length);
    expect(pages).toEqual([2]);
    // A first page that is empty is still a page: the caller asked for it.
    const none = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch: scriptedFetch(page()) });
    const first = [];
    for await (const p of none.dataJobs.list({ limit: 2 }).pages()) first.push(p.data.length);
    expect(first).toEqual([0]);
  });

  it("an item shifted onto the next page by a new one is yielded once", async () => {
    // Between the pages a new job arrived first: dj-b moved from offset 1 to offset 2.
    const fetch = scriptedFetch(page("dj-a", "dj-b"), page("dj-b", "dj-c"), page());
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const ids: string[] = [];
    for await (const j of flow.dataJobs.list({ limit: 2 })) ids.push(j.id);
    expect(ids).toEqual(["dj-a", "dj-b", "dj-c"]);
  });

  it("a page without data is an empty page, not a TypeError", async () => {
    const fetch = scriptedFetch(jsonResponse({ object: "list" }));
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: BASE, fetch });
    const ids: string[] = [];
    for await (const j of flow.dataJobs.list()) ids.push(j.id);
    expect(ids).toEqual([]);
    expect(fetch.calls).toHaveLength(1);
  });
});
