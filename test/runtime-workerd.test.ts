/**
 * The packed package in workerd, Cloudflare's Workers runtime (from npm): the worker is bundled
 * by esbuild with the conditions Workers tools use, on an old compatibility date and without
 * nodejs_compat, and reaches the stand-in on loopback through a network service allowed "local".
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { EXPECTED } from "./runtimes/scenario.mjs";
import { consumer } from "./support/provided.js";
import { freePort } from "./support/ports.js";

/** Before workerd had most Node APIs or recent web APIs by default. */
const COMPATIBILITY_DATE = "2024-01-01";

let server: StandIn;
let workerd: ChildProcess;
let output = "";
let workerUrl: string;
beforeAll(async () => {
  server = await startStandIn();
  const folder = path.join(consumer(), "workerd");
  await mkdir(folder, { recursive: true });
  await build({
    entryPoints: [path.join(consumer(), "worker.mjs")],
    absWorkingDir: consumer(),
    outfile: path.join(folder, "worker.js"),
    bundle: true,
    platform: "browser",
    conditions: ["workerd", "worker"],
    format: "esm",
    logLevel: "silent",
  });
  const port = await freePort();
  workerUrl = `http://127.0.0.1:${port}/`;
  await writeFile(
    path.join(folder, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.js")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  bindings = [(name = "STAND_IN", text = "${server.url}")],
  globalOutbound = "loopback",
);
`,
  );
  workerd = spawn(path.resolve("node_modules/.bin/workerd"), ["serve", "config.capnp"], {
    cwd: folder,
    stdio: ["ignore", "pipe", "pipe"],
  });
  workerd.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  workerd.stderr!.on("data", (chunk: Buffer) => (output += chunk));
});
afterAll(async () => {
  workerd?.kill();
  await server?.close();
});

/** The worker's answer, once workerd listens (it says nothing when it does: try until it answers). */
async function ask(): Promise<Response> {
  for (;;) {
    if (workerd.exitCode !== null)
      throw new Error(`workerd exited ${workerd.exitCode}:\n${output}`);
    const answer = await fetch(workerUrl).catch(() => undefined);
    if (answer) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("in workerd", () => {
  it("runs the workflow as a Worker", async () => {
    const answer = await ask();
    const seen = (await answer.json()) as Record<string, unknown>;
    expect(seen, output).toEqual({ ...EXPECTED, refusedWithoutOptIn: false });
    expect(answer.status).toBe(200);
  });
});
