/**
 * The stand-in's routing through `handle` (no socket), each answer whole: the key check, unknown
 * paths and methods, injected failures, the size limit, bodies it cannot read, and the query as
 * the document types it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../src/testing/index.js";

const KEY = "sk-routing";
let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn({ apiKey: KEY, clock: "manual", maxBodyBytes: 100 });
});
afterAll(() => standIn.close());

async function send(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const response = await standIn.handle(
    new Request(`${standIn.url}${path}`, {
      ...init,
      headers: { authorization: KEY, ...init.headers },
    }),
  );
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    allow: response.headers.get("allow"),
    body: text ? JSON.parse(text) : null,
  };
}

describe("the stand-in's routing", () => {
  it("takes the bare key only: none, Bearer or another is a 401", async () => {
    for (const authorization of ["", `Bearer ${KEY}`, `bearer\t${KEY}`, "sk-other"])
      expect(
        await send("/v1/flow/files", { headers: { authorization } }),
        authorization,
      ).toMatchObject({
        status: 401,
        body: { detail: "Invalid API key." },
      });
    expect(
      (await send("/v1/flow/files", { headers: { authorization: `Bearer-${KEY}` } })).status,
    ).toBe(401);
    expect((await send("/v1/flow/files")).status).toBe(200);
  });

  it("answers a path it does not have 404, and a method a path does not take 405 with Allow", async () => {
    expect(await send("/v1/flow/nothing")).toMatchObject({
      status: 404,
      body: { detail: "Not Found" },
    });
    expect(await send("/v1/flow/files", { method: "DELETE" })).toMatchObject({
      status: 405,
      allow: "GET, PUT",
      body: { detail: "Method Not Allowed" },
    });
  });

  it("sends an injected failure as JSON with its headers, once", async () => {
    standIn.failNext(503, 1, { "x-extra": "1" }, { detail: "Busy." });
    const failed = await standIn.handle(
      new Request(`${standIn.url}/v1/flow/data-jobs`, {
        method: "POST",
        headers: { authorization: KEY, "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect([
      failed.status,
      failed.headers.get("content-type"),
      failed.headers.get("x-extra"),
      await failed.json(),
    ]).toEqual([503, "application/json", "1", { detail: "Busy." }]);
  });

  it("refuses a body longer than the limit by its length, before reading it", async () => {
    const at = (length: number) =>
      send("/v1/flow/data-jobs", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(length) },
        body: "{}",
      });
    expect(await at(101)).toMatchObject({
      status: 413,
      body: { detail: "Request body over 100 bytes." },
    });
    expect((await at(100)).status).toBe(422);
  });

  it("says FastAPI's words for JSON it cannot parse, and reads an empty body as none", async () => {
    const broken = await send("/v1/flow/data-jobs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(broken.status).toBe(422);
    expect(broken.body.detail).toEqual([
      {
        loc: ["body", 0],
        msg: "JSON decode error",
        type: "json_invalid",
        input: {},
        ctx: { error: expect.any(String) },
      },
    ]);
    expect(broken.body.detail[0].ctx.error.length).toBeGreaterThan(0);
    const empty = await send("/v1/flow/data-jobs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "",
    });
    expect(empty).toMatchObject({
      status: 422,
      body: { detail: [{ type: "missing", loc: ["body"] }] },
    });
  });

  it("takes a form only as multipart, and a file field only with files", async () => {
    const form = new FormData();
    form.append("purpose", "alignment");
    form.append("files", "just text");
    const text = await send("/v1/flow/files", { method: "PUT", body: form });
    expect(text).toMatchObject({
      status: 422,
      body: {
        detail: [
          {
            type: "value_error",
            loc: ["body", "files"],
            msg: "Value error, Expected UploadFile, received: <class 'str'>",
            input: "just text",
            ctx: { error: {} },
          },
        ],
      },
    });
    const unreadable = await send("/v1/flow/files", {
      method: "PUT",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: "not a form",
    });
    expect(unreadable).toMatchObject({
      status: 400,
      body: { detail: "There was an error parsing the body" },
    });
    const notAForm = await send("/v1/flow/files", {
      method: "PUT",
      headers: { "content-type": "text/plain" },
      body: "purpose=alignment",
    });
    expect(notAForm.status).toBe(422);
    expect(notAForm.body.detail.map((d: { loc: unknown[] }) => d.loc.join("."))).toContain("body");
  });

  it("reads whole numbers in the query as numbers, and anything else as text", async () => {
    expect((await send("/v1/flow/data-jobs?limit=1")).status).toBe(200);
    for (const limit of ["1x", "x1", "1.5"])
      expect((await send(`/v1/flow/data-jobs?limit=${limit}`)).body.detail[0], limit).toMatchObject(
        {
          loc: ["query", "limit"],
          input: limit,
        },
      );
    expect((await send("/v1/flow/data-jobs?limit=-1")).body.detail[0]).toMatchObject({
      loc: ["query", "limit"],
      input: -1,
    });
  });

  it("takes any bare key when it was started without one, never a Bearer one", async () => {
    const open = await startStandIn({ clock: "manual" });
    try {
      const list = (authorization: string) =>
        open.handle(new Request(`${open.url}/v1/flow/files`, { headers: { authorization } }));
      expect((await list("sk-anything")).status).toBe(200);
      for (const authorization of ["Bearer sk-anything", "bearer\tsk-anything"])
        expect((await list(authorization)).status, authorization).toBe(401);
      expect((await list("Bearer-sk")).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
