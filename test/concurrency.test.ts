/**
 * Many calls at once through random faults: every call resolves with the right job or rejects with
 * a typed error, none hangs, and a create under faults never makes two jobs.
 *
 * The timeout is sized for a busy machine: a healthy loopback answer among 200 at once can take a
 * second or more there. Only the stalling fault needs it to fire, and that server never answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeekrFlow, SeekrFlowError } from "../src/index.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import {
  type Fault,
  type FaultServer,
  reset,
  respond,
  stallHeaders,
  startFaultServer,
} from "./support/fault-server.js";

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

let standIn: StandIn;
let proxy: FaultServer;
const rand = random(20261129);
const TIMEOUT_MS = 8_000;

/** Passes the request to the stand-in; `after` may then spoil the answer it produced. */
const passThrough =
  (after?: "reset" | "500"): Fault =>
  async (req, res, body) => {
    const request = new Request(`${standIn.url}${req.url}`, {
      method: req.method!,
      headers: req.headers as Record<string, string>,
      ...(body.length ? { body } : {}),
    });
    const response = await standIn.handle(request);
    if (after === "reset") return void req.socket.destroy();
    if (after === "500") return respond(500, '{"detail":"lost after commit"}')(req, res, body);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };

const FAULTS: Fault[] = [
  reset,
  respond(500, '{"detail":"boom"}'),
  respond(502, "<html>bad gateway</html>", { "content-type": "text/html" }),
  respond(503, "", { "retry-after-ms": "0" }),
  respond(429, '{"detail":"slow"}', { "content-type": "application/json", "retry-after-ms": "0" }),
  stallHeaders,
  passThrough("reset"),
  passThrough("500"),
];

beforeAll(async () => {
  standIn = await startStandIn();
  // Half the requests pass, the rest meet one of the faults.
  proxy = await startFaultServer(() =>
    rand() < 0.5 ? passThrough() : FAULTS[Math.floor(rand() * FAULTS.length)]!,
  );
});
afterAll(async () => {
  await proxy.close();
  await standIn.close();
});

describe("under random faults", () => {
  it(
    "200 concurrent gets each resolve with the right job or reject with a typed error",
    { timeout: 120_000 },
    async () => {
      const direct = new SeekrFlow({ apiKey: "k", baseUrl: standIn.url });
      const ids = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          direct.dataJobs
            .create({ name: `target ${i}`, job_type: "principle_files" })
            .then((j) => j.id),
        ),
      );
      const flow = new SeekrFlow({
        apiKey: "k",
        baseUrl: proxy.url,
        timeoutMs: TIMEOUT_MS,
        maxRetries: 2,
      });
      const wanted = Array.from({ length: 200 }, (_, i) => ids[i % ids.length]!);
      const results = await Promise.allSettled(wanted.map((id) => flow.dataJobs.get(id)));
      results.forEach((result, i) => {
        if (result.status === "fulfilled") expect(result.value.id).toBe(wanted[i]);
        else expect(result.reason).toBeInstanceOf(SeekrFlowError);
      });
      const fulfilled = results.filter((r) => r.status === "fulfilled").length;
      expect(fulfilled).toBeGreaterThan(100); // retries turn most faults into successes
      console.log(
        `200 gets under faults: ${fulfilled} resolved, ${200 - fulfilled} typed errors, ${proxy.seen.length} requests`,
      );
    },
  );

  it("a create under faults never makes two jobs for one call", { timeout: 120_000 }, async () => {
    const flow = new SeekrFlow({
      apiKey: "k",
      baseUrl: proxy.url,
      timeoutMs: TIMEOUT_MS,
      maxRetries: 3,
    });
    const names = Array.from({ length: 60 }, (_, i) => `create under faults ${i}`);
    const results = await Promise.allSettled(
      names.map((name) => flow.dataJobs.create({ name, job_type: "principle_files" })),
    );
    const direct = new SeekrFlow({ apiKey: "k", baseUrl: standIn.url });
    const count = new Map<string, number>();
    for await (const job of direct.dataJobs.list({ limit: 100 }))
      count.set(job.name, (count.get(job.name) ?? 0) + 1);
    results.forEach((result, i) => {
      const made = count.get(names[i]!) ?? 0;
      expect(made).toBeLessThanOrEqual(1);
      if (result.status === "fulfilled") expect(made).toBe(1);
      else expect(result.reason).toBeInstanceOf(SeekrFlowError);
      // A create that took effect without an answer says so, and how to check.
      if (result.status === "rejected" && made === 1)
        expect(String(result.reason.message)).toMatch(/may have taken effect/);
    });
    // Half the requests pass and 429/503 are retried: far more than a quarter of the creates land.
    const created = names.filter((name) => count.get(name) === 1).length;
    expect(created).toBeGreaterThanOrEqual(15);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(15);
    const ambiguous = results.filter(
      (r, i) => r.status === "rejected" && count.get(names[i]!) === 1,
    ).length;
    console.log(
      `60 creates under faults: ${results.filter((r) => r.status === "fulfilled").length} created, ${ambiguous} took effect without an answer (reported as "may have taken effect")`,
    );
  });
});
