/** Redirects rewrite the method as browsers and fetch do, and never carry a body to a GET. */
import { afterEach, describe, expect, it } from "vitest";
import { fetchFollowingRedirects } from "../src/core/redirects.js";
import { SeekrFlow } from "../src/index.js";
import { jsonResponse, scriptedFetch } from "./support/fake-fetch.js";
import {
  type FaultServer,
  jobBody,
  redirect,
  respond,
  startFaultServer,
} from "./support/fault-server.js";

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server that redirects its first request with `status`, then answers 200 with a job. */
async function redirecting(status: number): Promise<{ server: FaultServer; bodies: string[] }> {
  const bodies: string[] = [];
  const server = await startFaultServer((n) =>
    n === 0
      ? redirect("/v1/flow/data-jobs/dj-moved", status)
      : (req, res, body) => {
          bodies.push(body.toString());
          return respond(200, jobBody("dj-moved"))(req, res, body);
        },
  );
  servers.push(server);
  return { server, bodies };
}

const createBody = { name: "Redirected", job_type: "principle_files" } as const;

describe("redirects after a POST", () => {
  it.each([301, 302, 303])("%i turns the POST into a GET without a body", async (status) => {
    const { server, bodies } = await redirecting(status);
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url });
    await flow.dataJobs.create(createBody);
    expect(server.seen.map((s) => s.method)).toEqual(["POST", "GET"]);
    expect(server.seen[1]!.url).toBe("/v1/flow/data-jobs/dj-moved");
    expect(server.seen[1]!.headers["content-type"]).toBeUndefined();
    expect(bodies).toEqual([""]);
  });

  it.each([307, 308])("%i repeats the POST with its body", async (status) => {
    const { server, bodies } = await redirecting(status);
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url });
    await flow.dataJobs.create(createBody);
    expect(server.seen.map((s) => s.method)).toEqual(["POST", "POST"]);
    expect(JSON.parse(bodies[0]!)).toEqual(createBody);
  });

  it("303 after a GET stays a GET", async () => {
    const { server } = await redirecting(303);
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url });
    expect((await flow.dataJobs.get("dj-old")).id).toBe("dj-moved");
    expect(server.seen.map((s) => s.method)).toEqual(["GET", "GET"]);
  });
});

describe("following redirects by hand", () => {
  const request = (method: string, body: ArrayBuffer | null = null) => ({
    url: "https://flow.example/v1/a",
    method,
    headers: new Headers({ authorization: "k", "content-type": "application/json" }),
    body,
  });
  const to = (status: number, location?: string) =>
    new Response(null, { status, headers: location ? { location } : {} });
  const follow = (fetch: typeof globalThis.fetch, req = request("GET")) =>
    fetchFollowingRedirects(fetch, req, "https://flow.example", new AbortController().signal);

  it("follows at most five hops, then hands back the sixth redirect", async () => {
    const fetch = scriptedFetch(to(302, "/v1/again"));
    const response = await follow(fetch);
    expect(response.status).toBe(302);
    expect(fetch.calls).toHaveLength(6);
  });

  it("a redirect without a location is the answer", async () => {
    const fetch = scriptedFetch(to(302), jsonResponse({}));
    expect((await follow(fetch)).status).toBe(302);
    expect(fetch.calls).toHaveLength(1);
  });

  it("a status that is not a redirect is the answer, location or not", async () => {
    const fetch = scriptedFetch(to(201, "/v1/created"), jsonResponse({}));
    expect((await follow(fetch)).status).toBe(201);
    expect(fetch.calls).toHaveLength(1);
  });

  it.each([307, 308, 301, 302])("%i keeps a PUT and its body", async (status) => {
    const body = new TextEncoder().encode("{}").buffer as ArrayBuffer;
    const fetch = scriptedFetch(to(status, "/v1/b"), jsonResponse({}));
    await follow(fetch, request("PUT", body));
    expect(fetch.calls.map((c) => c.method)).toEqual(["PUT", "PUT"]);
    expect(fetch.calls[1]!.headers.get("content-type")).toBe("application/json");
  });

  it("303 turns a PUT into a GET without body or content type", async () => {
    const fetch = scriptedFetch(to(303, "/v1/b"), jsonResponse({}));
    await follow(fetch, request("PUT", new ArrayBuffer(2)));
    expect(fetch.calls.map((c) => c.method)).toEqual(["PUT", "GET"]);
    expect(fetch.calls[1]!.headers.get("content-type")).toBeNull();
  });

  it("the caller's headers are left as they were, for its retries", async () => {
    const req = request("GET");
    await follow(scriptedFetch(to(302, "https://elsewhere.example/x"), jsonResponse({})), req);
    expect(req.headers.get("authorization")).toBe("k");
  });
});
