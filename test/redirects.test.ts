/** Redirects rewrite the method as browsers and fetch do, and never carry a body to a GET. */
import { afterEach, describe, expect, it } from "vitest";
import { SeekrFlow } from "../src/index.js";
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
