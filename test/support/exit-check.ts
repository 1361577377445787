/**
 * Run as its own process by test/exit.test.ts: exercises timeouts, retries, aborts and waits
 * against a scripted server, closes it, and then simply ends. If a timer or socket were left
 * open, the process would not exit by itself.
 */
import { SeekrFlow } from "../../src/index.js";
import {
  jobBody,
  okJob,
  reset,
  respond,
  stallHeaders,
  stallMidBody,
  startFaultServer,
} from "./fault-server.js";

const server = await startFaultServer([
  reset,
  okJob,
  stallHeaders,
  stallMidBody,
  respond(503, "", { "retry-after-ms": "10" }),
  // A job that runs on: the wait below sleeps until it is aborted.
  respond(200, jobBody("dj-1", { status: "running" })),
]);
// The default timeout (60 s) for the calls that are answered, far past the test's 20 s: a timer
// left behind by any of them would keep this process alive. Only the stalls get a short one.
const flow = new SeekrFlow({ apiKey: "k", baseUrl: server.url, maxRetries: 1 });
const stalled = { timeoutMs: 100 };
const outcomes: string[] = [];
const settle = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: Error) => e.name,
  );
outcomes.push(await settle(flow.dataJobs.get("dj-1"))); // reset, then ok
outcomes.push(await settle(flow.dataJobs.get("dj-1", stalled))); // stall headers, stall body: timeout
outcomes.push(await settle(flow.dataJobs.get("dj-1"))); // 503 then ok
const controller = new AbortController();
const waiting = settle(
  flow.dataJobs.waitFor("dj-1", {
    until: "completed",
    intervalMs: 60_000,
    signal: controller.signal,
  }),
);
setTimeout(() => controller.abort(), 20);
outcomes.push(await waiting);
await server.close();
console.log(JSON.stringify(outcomes));
