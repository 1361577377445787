/**
 * The fault-injection suite: what real networks and proxies do, scripted on 127.0.0.1. For each
 * fault: how many requests the server saw (retries happened or not), the error class and message,
 * and the waits the client chose between attempts (from its log events, never the wall clock).
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createNetServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  APIAbortError,
  APIConnectionError,
  APITimeoutError,
  BadResponseError,
  type ClientOptions,
  type RequestLogEvent,
  InternalServerError,
  RateLimitError,
  SeekrFlow,
} from "../src/index.js";
import {
  type Fault,
  type FaultServer,
  jobBody,
  okJob,
  redirect,
  reset,
  resetMidBody,
  respond,
  stallHeaders,
  stallMidBody,
  startFaultServer,
} from "./support/fault-server.js";
import { jobDetail, jsonResponse, scriptedFetch } from "./support/fake-fetch.js";
import { freePort } from "./support/ports.js";
import { expectNoKey, KEY } from "./support/secrets.js";

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(script: Fault[] | ((n: number) => Fault)): Promise<FaultServer> {
  const server = await startFaultServer(script);
  servers.push(server);
  return server;
}

function clientFor(url: string, options: ClientOptions = {}) {
  const lines: string[] = [];
  const events: RequestLogEvent[] = [];
  const flow = new SeekrFlow({
    apiKey: KEY,
    baseUrl: url,
    logger: (line, event) => {
      lines.push(line);
      if (event) events.push(event);
    },
    ...options,
  });
  /** The waits the client chose before each retry. */
  const waits = () => events.flatMap((e) => (e.retryInMs === undefined ? [] : [e.retryInMs]));
  return { flow, lines, waits };
}

/** The call's value or error, for assertions on both. */
async function settle<T>(promise: Promise<T>): Promise<{ value: T | undefined; error: unknown }> {
  try {
    return { value: await promise, error: undefined };
  } catch (error) {
    return { value: undefined, error };
  }
}

const createBody = { name: "Fault test", job_type: "principle_files" } as const;

describe("connection faults", () => {
  it("refused connection: retried for every operation (nothing was sent), then APIConnectionError", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { flow, lines, waits } = clientFor(url, { maxRetries: 1 });
    const { error } = await settle(flow.dataJobs.create(createBody));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toMatchObject({ mayHaveTakenEffect: false });
    expect((error as Error).message).toMatch(/ECONNREFUSED.*The request was not sent/);
    expect(lines).toHaveLength(2);
    // One backoff, 75–100% of 500 ms (how it grows: "backoff doubles …" below).
    const [first] = waits();
    expect(first).toBeGreaterThanOrEqual(375);
    expect(first).toBeLessThanOrEqual(500);
    expectNoKey(error);
  });

  describe("every failure before a byte left is 'not sent', for a create as for a read", () => {
    /** A TCP server that answers anything with plain HTTP: a TLS client fails its handshake. */
    async function plainServer(): Promise<string> {
      const sockets = new Set<Socket>();
      const server = createNetServer((socket) => {
        sockets.add(socket);
        socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      cleanups.push(() => {
        for (const socket of sockets) socket.destroy();
        return new Promise((resolve) => server.close(() => resolve(undefined)));
      });
      return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    /** An HTTPS server with a certificate made now and trusted by nobody. */
    async function selfSignedServer(): Promise<string> {
      const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-tls-"));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "1",
          "-subj",
          "/CN=localhost",
          "-keyout",
          path.join(dir, "key.pem"),
          "-out",
          path.join(dir, "cert.pem"),
        ],
        { stdio: "ignore" },
      );
      const server = createHttpsServer(
        {
          key: await readFile(path.join(dir, "key.pem")),
          cert: await readFile(path.join(dir, "cert.pem")),
        },
        (_req, res) => res.end("{}"),
      );
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      cleanups.push(() => {
        server.closeAllConnections();
        return new Promise((resolve) => server.close(() => resolve(undefined)));
      });
      return `https://localhost:${(server.address() as AddressInfo).port}`;
    }
    const cleanups: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
    });

    it.each([
      ["a port fetch blocks (1)", async () => "http://127.0.0.1:1", /bad port/],
      ["a refused connection", async () => `http://127.0.0.1:${await freePort()}`, /ECONNREFUSED/],
      [
        "a name that does not resolve",
        async () => "http://seekrflow-test.invalid",
        /ENOTFOUND|EAI_AGAIN/,
      ],
      ["a TLS handshake with a server that speaks plain HTTP", plainServer, /ERR_SSL_/],
      ["a certificate nobody trusts", selfSignedServer, /SELF_SIGNED|UNABLE_TO_VERIFY/],
    ])("%s", async (_label, url, reason) => {
      const base = await url();
      for (const call of [
        (flow: SeekrFlow) => flow.dataJobs.create(createBody),
        (flow: SeekrFlow) => flow.dataJobs.get("dj-1"),
      ]) {
        const flow = new SeekrFlow({
          apiKey: KEY,
          baseUrl: base,
          maxRetries: 0,
          allowInsecureHttp: true,
        });
        const { error } = await settle(call(flow));
        expect(error).toBeInstanceOf(APIConnectionError);
        expect(error).toMatchObject({ mayHaveTakenEffect: false });
        expect((error as Error).message).toMatch(reason);
        expect((error as Error).message).toMatch(/The request was not sent\.$/);
      }
    });
  });

  it("reset before the response: a GET is retried and succeeds", async () => {
    const server = await serve([reset, okJob]);
    const { flow } = clientFor(server.url);
    expect((await flow.dataJobs.get("dj-7")).id).toBe("dj-7");
    expect(server.seen).toHaveLength(2);
  });

  it("reset before the response: a create is not retried and says how to check", async () => {
    const server = await serve([reset, okJob]);
    const { flow } = clientFor(server.url);
    const { error } = await settle(flow.dataJobs.create(createBody));
    expect(server.seen).toHaveLength(1);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toMatchObject({ mayHaveTakenEffect: true });
    expect((error as Error).message).toContain(
      "may have taken effect: list data jobs and look for one with this name",
    );
    expectNoKey(error);
  });

  it("a caller who knows better can retry a POST anyway (retry: 'safe')", async () => {
    const server = await serve([reset, respond(200, jobBody("dj-started"))]);
    const { flow } = clientFor(server.url);
    expect((await flow.dataJobs.start("dj-started", { retry: "safe" })).id).toBe("dj-started");
    expect(server.seen).toHaveLength(2);
  });

  it("reset mid-body: a GET is retried and succeeds", async () => {
    const server = await serve([resetMidBody, okJob]);
    const { flow } = clientFor(server.url);
    expect((await flow.dataJobs.get("dj-8")).id).toBe("dj-8");
    expect(server.seen).toHaveLength(2);
  });
});

describe("timeouts", () => {
  it("headers stalled past the timeout: APITimeoutError after every attempt", async () => {
    const server = await serve([stallHeaders]);
    const { flow, lines, waits } = clientFor(server.url, { timeoutMs: 150, maxRetries: 1 });
    const { error } = await settle(flow.dataJobs.get("dj-1"));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toContain("no complete answer within 150 ms");
    expect(server.seen).toHaveLength(2);
    expect(lines.map((l) => l.split(" ")[3])).toEqual(["APITimeoutError", "APITimeoutError"]);
    expect(waits()).toHaveLength(1);
  });

  it("the timeout covers the body: a stall mid-body times out too", async () => {
    const server = await serve([stallMidBody]);
    const { flow } = clientFor(server.url, { timeoutMs: 150, maxRetries: 0 });
    const { error } = await settle(flow.dataJobs.get("dj-1"));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toContain("no complete answer within 150 ms");
  });

  it("a create that times out is not retried and may have taken effect", async () => {
    const server = await serve([stallHeaders]);
    const { flow } = clientFor(server.url, { timeoutMs: 100 });
    const { error } = await settle(flow.dataJobs.create(createBody));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toMatch(/may have taken effect/);
    expect(server.seen).toHaveLength(1);
  });

  it("per-call timeoutMs and maxRetries override the client's", async () => {
    const server = await serve([stallHeaders]);
    const { flow } = clientFor(server.url, { timeoutMs: 60_000, maxRetries: 5 });
    const { error } = await settle(flow.dataJobs.get("dj-1", { timeoutMs: 50, maxRetries: 0 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(server.seen).toHaveLength(1);
  });

  it("a signal aborted before the call: APIAbortError, nothing sent", async () => {
    const server = await serve([okJob]);
    const { flow } = clientFor(server.url);
    const { error } = await settle(flow.dataJobs.get("dj-1", { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(APIAbortError);
    expect(server.seen).toHaveLength(0);
  });

  it("aborting is reported as an abort, not a timeout, and not retried", async () => {
    const server = await serve([stallHeaders]);
    const { flow } = clientFor(server.url, { timeoutMs: 60_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { error } = await settle(flow.dataJobs.get("dj-1", { signal: controller.signal }));
    expect(error).toBeInstanceOf(APIAbortError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect(server.seen).toHaveLength(1);
  });
});

describe("error statuses", () => {
  it.each([500, 502, 503, 504, 408])("%i then success: a GET is retried", async (status) => {
    // A Retry-After of 0 spares the backoff's wait; without it a safe call is retried all the same.
    const server = await serve([
      respond(status, '{"detail":"transient"}', { "retry-after-ms": "0" }),
      okJob,
    ]);
    const { flow } = clientFor(server.url);
    expect((await flow.dataJobs.get("dj-2")).id).toBe("dj-2");
    expect(server.seen).toHaveLength(2);
  });

  it("500 on a create: not retried, InternalServerError that says how to check", async () => {
    const server = await serve([respond(500, '{"detail":"db timeout"}'), okJob]);
    const { flow } = clientFor(server.url);
    const { error } = await settle(flow.dataJobs.create(createBody));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toMatch(/db timeout.*may have taken effect/);
    expect(server.seen).toHaveLength(1);
  });

  it("503 with Retry-After on a create: the server said so, it is retried", async () => {
    const server = await serve([
      respond(503, "", { "retry-after": "0" }),
      respond(201, jobBody("dj-new")),
    ]);
    const { flow } = clientFor(server.url);
    expect((await flow.dataJobs.create(createBody)).id).toBe("dj-new");
    expect(server.seen).toHaveLength(2);
  });

  it("503 without Retry-After on a create: not retried", async () => {
    const server = await serve([respond(503, ""), respond(201, jobBody("dj-new"))]);
    const { flow } = clientFor(server.url);
    await expect(flow.dataJobs.create(createBody)).rejects.toBeInstanceOf(InternalServerError);
    expect(server.seen).toHaveLength(1);
  });

  // Waits short enough not to slow the suite, yet each unlike a backoff (375–500 ms): only the
  // header can have chosen it. Parsing every form at length is retry-policy.test.ts's.
  it.each([
    ["retry-after-ms", () => ({ "retry-after-ms": "30" }), 30, 30],
    ["retry-after in seconds", () => ({ "retry-after": "0" }), 0, 0],
    [
      "retry-after as an HTTP date (passed: now)",
      () => ({ "retry-after": new Date(Date.now() - 5_000).toUTCString() }),
      0,
      0,
    ],
  ])(
    "429 with %s: waits as asked, then succeeds (create too)",
    async (_label, headers, atLeastMs, atMostMs) => {
      const answer429 = respond(429, '{"detail":"slow down"}', {
        "content-type": "application/json",
        ...headers(),
      });
      const server = await serve([answer429, respond(201, jobBody("dj-r"))]);
      const { flow, waits } = clientFor(server.url);
      const { value } = await settle(flow.dataJobs.create(createBody));
      expect(value?.id).toBe("dj-r");
      expect(server.seen).toHaveLength(2);
      const [wait] = waits();
      expect(wait).toBeGreaterThanOrEqual(atLeastMs);
      expect(wait).toBeLessThanOrEqual(atMostMs);
    },
  );

  it("429 asking for more than a minute: not waited for, RateLimitError at once", async () => {
    const server = await serve([
      respond(429, '{"detail":"quota"}', {
        "content-type": "application/json",
        "retry-after": "3600",
      }),
    ]);
    const { flow } = clientFor(server.url);
    const { error } = await settle(flow.dataJobs.get("dj-1"));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.seen).toHaveLength(1);
  });

  it("gives up after maxRetries with the last answer", async () => {
    const server = await serve([
      respond(502, "<html><h1>502 Bad Gateway</h1></html>", {
        "content-type": "text/html",
        "retry-after-ms": "0",
      }),
    ]);
    const { flow, lines } = clientFor(server.url, { maxRetries: 2 });
    const { error } = await settle(flow.dataJobs.get("dj-1"));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toContain("<h1>502 Bad Gateway</h1>");
    expect(server.seen).toHaveLength(3);
    expect(lines.map((l) => l.match(/attempt \d\/\d/)![0])).toEqual([
      "attempt 1/3",
      "attempt 2/3",
      "attempt 3/3",
    ]);
  });
});

describe("what is never retried, and the longest wait", () => {
  it.each([400, 401, 403, 404, 409, 422])(
    "a %i on a GET is final: sent once with the default retries",
    async (status) => {
      const server = await serve([respond(status, '{"detail":"no"}'), okJob]);
      const flow = new SeekrFlow({ apiKey: KEY, baseUrl: server.url });
      const { error } = await settle(flow.dataJobs.get("dj-1"));
      expect((error as { status?: number }).status).toBe(status);
      expect(server.seen).toHaveLength(1);
    },
  );

  it("backoff doubles from 500 ms and never waits more than 8 s", async () => {
    // Fake timers: the client's own waits, read from its log events, without waiting for them.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const fetch = scriptedFetch(jsonResponse({ detail: "down" }, 503));
      const events: RequestLogEvent[] = [];
      const flow = new SeekrFlow({
        apiKey: KEY,
        baseUrl: "https://flow.example",
        fetch,
        maxRetries: 7,
        timeoutMs: Infinity,
        logger: (_line, event) => void (event && events.push(event)),
      });
      const outcome = settle(flow.dataJobs.get("dj-1"));
      while (fetch.calls.length < 8) await vi.advanceTimersByTimeAsync(1_000);
      expect((await outcome).error).toBeInstanceOf(InternalServerError);
      const waits = events.flatMap((e) => (e.retryInMs === undefined ? [] : [e.retryInMs]));
      const ceilings = [500, 1000, 2000, 4000, 8000, 8000, 8000];
      expect(waits).toHaveLength(ceilings.length);
      waits.forEach((wait, i) => {
        // Jitter takes up to a quarter off.
        expect(wait).toBeLessThanOrEqual(ceilings[i]!);
        expect(wait).toBeGreaterThanOrEqual(ceilings[i]! * 0.75);
      });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("bad bodies", () => {
  it.each([
    ["invalid JSON", respond(200, '{"id": "dj-1",')],
    ["truncated JSON", respond(200, jobBody().slice(0, 30))],
    [
      "an HTML page",
      respond(200, "<!doctype html><title>Login</title>", { "content-type": "text/html" }),
    ],
    ["an empty body", respond(200, "")],
    ["a JSON string", respond(200, '"ok"')],
  ])(
    "a 200 with %s: BadResponseError with status and excerpt, not retried",
    async (_label, fault) => {
      const server = await serve([fault]);
      const { flow } = clientFor(server.url);
      const { error } = await settle(flow.dataJobs.get("dj-1"));
      expect(error).toBeInstanceOf(BadResponseError);
      expect(error).toMatchObject({ status: 200 });
      expect(server.seen).toHaveLength(1);
    },
  );

  it("a 30 MB JSON body is read whole", async () => {
    const big = "x".repeat(30 * 1024 * 1024);
    const server = await serve([respond(200, jobBody("dj-big", { status_message: big }))]);
    const { flow } = clientFor(server.url);
    const job = await flow.dataJobs.get("dj-big");
    expect(job.status_message).toHaveLength(big.length);
  });

  it("a 30 MB HTML error page gives a short message", async () => {
    const server = await serve([
      respond(500, `<html>${"<p>oops</p>".repeat(3_000_000)}</html>`, {
        "content-type": "text/html",
      }),
    ]);
    const { flow } = clientFor(server.url, { maxRetries: 0 });
    const { error } = await settle(flow.dataJobs.get("dj-1"));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message.length).toBeLessThan(500);
  });
});

describe("the key stays home", () => {
  it("a redirect to another port is followed without Authorization or x-team-id", async () => {
    const other = await serve([okJob]);
    const home = await serve([redirect(`${other.url}/v1/flow/data-jobs/dj-3`)]);
    const { flow } = clientFor(home.url, { teamId: "team-1" });
    expect((await flow.dataJobs.get("dj-3")).id).toBe("dj-3");
    expect(home.seen[0]!.headers.authorization).toBe(KEY);
    expect(home.seen[0]!.headers["x-team-id"]).toBe("team-1");
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0]!.headers.authorization).toBeUndefined();
    expect(other.seen[0]!.headers["x-team-id"]).toBeUndefined();
  });

  it("a redirect from https to http on the same host is followed without Authorization or x-team-id", async () => {
    // Same host and port, another scheme: another origin, so an eavesdropper could read the key.
    const fetch = scriptedFetch(
      new Response(null, {
        status: 302,
        headers: { location: "http://flow.example/v1/flow/data-jobs/dj-3" },
      }),
      jsonResponse(jobDetail({ id: "dj-3" })),
    );
    const flow = new SeekrFlow({
      apiKey: KEY,
      teamId: "team-1",
      baseUrl: "https://flow.example",
      fetch,
    });
    expect((await flow.dataJobs.get("dj-3")).id).toBe("dj-3");
    expect(fetch.calls.map((c) => c.url)).toEqual([
      "https://flow.example/v1/flow/data-jobs/dj-3",
      "http://flow.example/v1/flow/data-jobs/dj-3",
    ]);
    expect(fetch.calls[0]!.headers.get("authorization")).toBe(KEY);
    expect(fetch.calls[1]!.headers.get("authorization")).toBeNull();
    expect(fetch.calls[1]!.headers.get("x-team-id")).toBeNull();
  });

  it("a redirect on the same origin keeps the key", async () => {
    let n = 0;
    const server = await serve(() => (n++ === 0 ? redirect("/v1/flow/data-jobs/dj-4") : okJob));
    const { flow } = clientFor(server.url);
    await flow.dataJobs.get("dj-old");
    expect(server.seen.map((s) => s.headers.authorization)).toEqual([KEY, KEY]);
  });

  it("the raw client refuses to send the key to another origin", async () => {
    const { flow } = clientFor("http://127.0.0.1:1");
    await expect(
      flow.raw.GET("/v1/flow/data-jobs", { baseUrl: "http://127.0.0.2:1" }),
    ).rejects.toThrow(/Refusing to send the API key to http:\/\/127.0.0.2:1/);
  });

  it("debug lines have method, path, status, duration, attempt and request id, never the key", async () => {
    const server = await serve([
      respond(503, "", { "retry-after-ms": "0" }),
      respond(200, jobBody("dj-5"), { "content-type": "application/json", "cf-ray": "7d1-AMS" }),
    ]);
    const { flow, lines } = clientFor(server.url);
    await flow.dataJobs.get("dj-5");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^seekrflow GET \/v1\/flow\/data-jobs\/dj-5 503 \d+ms attempt 1\/3 retry in 0ms$/,
    );
    expect(lines[1]).toMatch(
      /^seekrflow GET \/v1\/flow\/data-jobs\/dj-5 200 \d+ms attempt 2\/3 cf-ray=7d1-AMS$/,
    );
    for (const line of lines) expect(line).not.toContain(KEY);
  });
});
