/**
 * The stand-in's own edges, through `handle` (no socket): a request its routing cannot finish
 * is a listed 500, a body over the default limit a 413, a preflight from this machine answered
 * before the key, and `settle` says what it cannot do.
 */
import { describe, expect, it } from "vitest";
import { startStandIn } from "../src/testing/index.js";

const KEY = "sk-edges";

describe("the stand-in's edges", () => {
  it("answers a request its routing cannot finish with a 500 naming it, listed in problems", async () => {
    const standIn = await startStandIn({ apiKey: KEY, clock: "manual" });
    try {
      const broken = new ReadableStream({
        pull: (controller) => controller.error(new Error("body broke")),
      });
      const answer = await standIn.handle(
        new Request(`${standIn.url}/v1/flow/data-jobs?x=1`, {
          method: "POST",
          headers: { authorization: KEY, "content-type": "application/json" },
          body: broken,
          duplex: "half",
        } as RequestInit),
      );
      const problem = "POST /v1/flow/data-jobs threw Error: body broke";
      expect([answer.status, await answer.json()]).toEqual([
        500,
        { detail: `stand-in bug: ${problem}` },
      ]);
      expect(standIn.problems).toEqual([problem]);
      expect(standIn.requests).toEqual([
        { method: "POST", path: "/v1/flow/data-jobs", query: "x=1", operation: undefined },
      ]);
    } finally {
      await standIn.close();
    }
  });

  it("takes at most 64 MiB by default", async () => {
    const standIn = await startStandIn({ apiKey: KEY, clock: "manual" });
    try {
      const claim = (bytes: number) =>
        standIn.handle(
          new Request(`${standIn.url}/v1/flow/data-jobs`, {
            method: "POST",
            headers: {
              authorization: KEY,
              "content-type": "application/json",
              "content-length": String(bytes),
            },
            body: "{}",
          }),
        );
      const over = await claim(64 * 2 ** 20 + 1);
      expect([over.status, await over.json()]).toEqual([
        413,
        { detail: "Request body over 67108864 bytes." },
      ]);
      expect((await claim(64 * 2 ** 20)).status).toBe(422);
    } finally {
      await standIn.close();
    }
  });

  it("answers a preflight from this machine before the key, and marks answers to it", async () => {
    const standIn = await startStandIn({ apiKey: KEY, clock: "manual" });
    try {
      const preflight = await standIn.handle(
        new Request(`${standIn.url}/v1/flow/files`, {
          method: "OPTIONS",
          headers: { origin: "http://localhost:5173", "access-control-request-method": "GET" },
        }),
      );
      expect([preflight.status, preflight.headers.get("access-control-allow-origin")]).toEqual([
        204,
        "http://localhost:5173",
      ]);
      const foreign = await standIn.handle(
        new Request(`${standIn.url}/v1/flow/files`, {
          method: "OPTIONS",
          headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
        }),
      );
      expect([foreign.status, foreign.headers.get("access-control-allow-origin")]).toEqual([
        405,
        null,
      ]);
      const plain = await standIn.handle(
        new Request(`${standIn.url}/v1/flow/files`, {
          method: "OPTIONS",
          headers: { origin: "http://localhost:1" },
        }),
      );
      expect(plain.status).toBe(405);
      const read = await standIn.handle(
        new Request(`${standIn.url}/v1/flow/files`, {
          headers: { authorization: KEY, origin: "http://127.0.0.1:3000" },
        }),
      );
      expect([
        read.status,
        read.headers.get("access-control-allow-origin"),
        read.headers.get("vary"),
      ]).toEqual([200, "http://127.0.0.1:3000", "origin"]);
    } finally {
      await standIn.close();
    }
  });

  it("injects failures with FastAPI's detail by default, as many as asked", async () => {
    const standIn = await startStandIn({ apiKey: KEY, clock: "manual" });
    try {
      standIn.failNext(503, 2);
      standIn.failNext(429, 1, { "retry-after": "1" }, { detail: "Slow down." });
      const get = () =>
        standIn.handle(
          new Request(`${standIn.url}/v1/flow/files`, { headers: { authorization: KEY } }),
        );
      const answers = [];
      for (let i = 0; i < 4; i++) {
        const answer = await get();
        answers.push([answer.status, answer.headers.get("retry-after"), await answer.json()]);
      }
      expect(answers).toEqual([
        [503, null, { detail: "Injected failure." }],
        [503, null, { detail: "Injected failure." }],
        [429, "1", { detail: "Slow down." }],
        [200, null, { object: "list", data: [] }],
      ]);
    } finally {
      await standIn.close();
    }
  });

  it("settles a job only on a manual clock, for a job that exists", async () => {
    const standIn = await startStandIn({ apiKey: KEY, clock: "manual" });
    try {
      expect(() => standIn.settle("dj-x", "completed")).toThrow("settle(): no data job dj-x");
    } finally {
      await standIn.close();
    }
  });
});
