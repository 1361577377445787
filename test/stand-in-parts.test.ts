/**
 * The stand-in's clock and its node:http bridge, each on its own: how a manual clock moves, which
 * origins get CORS, what a method fetch cannot carry, a handler that throws and a body over the
 * limit are answered.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StandInClock } from "../src/testing/clock.js";
import { corsHeaders, isLoopback, serve } from "../src/testing/http-bridge.js";
import { detail, json, notFound } from "../src/testing/answers.js";

describe("the stand-in's clock", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is the wall clock by default, and cannot be moved", () => {
    vi.spyOn(Date, "now").mockReturnValue(1_000);
    const clock = new StandInClock();
    expect([clock.manual, clock.now()]).toEqual([false, 1_000]);
    vi.spyOn(Date, "now").mockReturnValue(2_000);
    clock.tick();
    expect(clock.now()).toBe(2_000);
    expect(() => clock.advance(1)).toThrow('advance() needs startStandIn({ clock: "manual" })');
  });

  it("stands still when manual until advanced, and steps per request when asked", () => {
    vi.spyOn(Date, "now").mockReturnValue(5_000);
    const manual = new StandInClock("manual");
    vi.spyOn(Date, "now").mockReturnValue(9_000);
    manual.tick();
    expect([manual.manual, manual.now()]).toEqual([true, 5_000]);
    manual.advance(0);
    manual.advance(250);
    expect(manual.now()).toBe(5_250);
    const stepping = new StandInClock({ mode: "manual", stepMs: 10 });
    const start = stepping.now();
    stepping.tick();
    stepping.tick();
    expect(stepping.now() - start).toBe(20);
    expect(new StandInClock({ mode: "manual", stepMs: 0 }).manual).toBe(true);
  });

  it("refuses a step or a move that is not a finite number of ms ≥ 0", () => {
    for (const stepMs of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => new StandInClock({ mode: "manual", stepMs })).toThrow(
        new RangeError(`clock.stepMs must be a finite number of ms ≥ 0, got ${stepMs}`),
      );
    const clock = new StandInClock("manual");
    for (const ms of [-5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => clock.advance(ms)).toThrow(
        new RangeError(`advance(ms) takes a finite number of ms ≥ 0, got ${ms}`),
      );
  });
});

describe("the stand-in's answers", () => {
  it("are JSON, errors in FastAPI's { detail }", async () => {
    const ok = json({ a: 1 });
    expect([ok.status, ok.headers.get("content-type"), await ok.json()]).toEqual([
      200,
      "application/json",
      { a: 1 },
    ]);
    const missing = notFound("Data job dj-1");
    expect([missing.status, await missing.json()]).toEqual([
      404,
      { detail: "Data job dj-1 not found." },
    ]);
    expect((await detail(409, "no").json()) as unknown).toEqual({ detail: "no" });
  });
});

describe("the stand-in's CORS", () => {
  it.each([
    ["http://localhost:5173", true],
    ["http://127.0.0.1", true],
    ["http://127.10.0.3:80", true],
    ["http://[::1]:8080", true],
    ["https://localhost.evil.example", false],
    ["http://127.0.0.1.evil.example", false],
    ["http://x127.0.0.1", false],
    ["http://example.com", false],
    ["not a url", false],
  ])("%s is on this machine: %s", (origin, loopback) => {
    expect(isLoopback(origin)).toBe(loopback);
  });

  it("allows the API's methods and headers, and lets the client read its retry headers", () => {
    expect(corsHeaders("http://localhost:1")).toStrictEqual({
      "access-control-allow-origin": "http://localhost:1",
      "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
      "access-control-allow-headers": "authorization, content-type, x-team-id",
      "access-control-expose-headers": "cf-ray, retry-after, retry-after-ms",
      "access-control-max-age": "600",
      vary: "origin",
    });
  });
});

describe("the stand-in's bridge from node:http", () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  /** Serves `handle` on 127.0.0.1 with `limit`; resolves with its port. */
  async function bridged(handle: (request: Request) => Promise<Response>, limit = 16) {
    server = createServer((req, res) => void serve(req, res, handle, limit));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  }

  /** One raw request; resolves with the status, headers and body text. */
  function send(port: number, method: string, path: string, body?: string) {
    return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
      (resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port, method, path }, (res) => {
          let text = "";
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
        });
        req.on("error", reject);
        req.end(body);
      },
    );
  }

  it("hands the handler a web Request with the body, and writes its Response back", async () => {
    const port = await bridged(async (request) =>
      json({ method: request.method, url: request.url, body: await request.text() }, 201),
    );
    const answer = await send(port, "POST", "/v1/flow/files?x=1", "hello");
    expect([answer.status, JSON.parse(answer.text)]).toEqual([
      201,
      { method: "POST", url: `http://127.0.0.1:${port}/v1/flow/files?x=1`, body: "hello" },
    ]);
    expect(answer.headers.connection).not.toBe("close");
    const get = await send(port, "GET", "/v1/flow/files");
    expect(JSON.parse(get.text)).toMatchObject({ method: "GET", body: "" });
  });

  it("answers a method fetch cannot carry as an unknown method of that path", async () => {
    const handle = vi.fn(async () => json({}));
    const port = await bridged(handle);
    const trace = await send(port, "TRACE", "/v1/flow/data-jobs");
    expect(trace.status).toBe(405);
    expect(String(trace.headers.allow)).toContain("GET");
    const nowhere = await send(port, "TRACE", "/nowhere");
    expect([nowhere.status, JSON.parse(nowhere.text)]).toEqual([404, { detail: "Not Found" }]);
    expect(handle).not.toHaveBeenCalled();
  });

  it("reads no body past the limit, and closes the connection after an answer that left it unread", async () => {
    const port = await bridged(async (request) => {
      try {
        await request.arrayBuffer();
        return json({ read: true });
      } catch (error) {
        return json({ refused: String((error as Error).message) }, 413);
      }
    });
    const small = await send(port, "PUT", "/x", "0123456789abcdef");
    expect([small.status, JSON.parse(small.text)]).toEqual([200, { read: true }]);
    const big = await send(port, "PUT", "/x", "0123456789abcdefg");
    expect(big.status).toBe(413);
    expect(big.text).toContain("Request body over 16 bytes.");
  });

  it("answers a handler that throws with a 500 naming the stand-in bug", async () => {
    const port = await bridged(async () => {
      throw new Error("broken handler");
    });
    const answer = await send(port, "GET", "/x");
    expect([answer.status, answer.headers.connection, JSON.parse(answer.text)]).toEqual([
      500,
      "close",
      { detail: "stand-in bug: broken handler" },
    ]);
  });
});
