/**
 * The packed package under Bun and Deno (both from npm), against the stand-in. Deno runs with
 * the narrowest permissions that work: network to the stand-in's port, nothing else (no
 * --allow-env, no --allow-read, no prompt).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { EXPECTED } from "./runtimes/scenario.mjs";
import { consumer } from "./support/provided.js";
import { lastJson, runProgram } from "./support/run-program.js";

const bin = (name: string) => path.resolve("node_modules/.bin", name);
let server: StandIn;
beforeAll(async () => {
  server = await startStandIn();
});
afterAll(() => server.close());

describe("other runtimes", () => {
  it("Bun runs the workflow", async () => {
    const ran = await runProgram(bin("bun"), ["main.mjs", server.url], consumer());
    expect(lastJson(ran)).toEqual({ ...EXPECTED, refusedWithoutOptIn: false, oneCopy: true });
  });

  it("Deno runs the workflow with network to the stand-in only", async () => {
    const port = new URL(server.url).port;
    const ran = await runProgram(
      bin("deno"),
      ["run", "--no-prompt", "--no-lock", `--allow-net=127.0.0.1:${port}`, "main.mjs", server.url],
      consumer(),
      { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    );
    expect(lastJson(ran)).toEqual({ ...EXPECTED, refusedWithoutOptIn: false, oneCopy: true });
  });

  it("Deno reads the key from the environment only where --allow-env grants it", async () => {
    const port = new URL(server.url).port;
    const deno = (allow: string[]) =>
      runProgram(
        bin("deno"),
        [
          "run",
          "--no-prompt",
          "--no-lock",
          `--allow-net=127.0.0.1:${port}`,
          ...allow,
          "env.mjs",
          server.url,
        ],
        consumer(),
        { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1", SEEKR_API_KEY: "sk-from-env" },
      );
    expect(lastJson(await deno(["--allow-env=SEEKR_API_KEY"]))).toEqual({
      listed: expect.any(Number),
    });
    expect(lastJson(await deno([]))).toEqual({
      error: expect.stringMatching(/^ConfigurationError: No API key.*--allow-env=SEEKR_API_KEY/),
    });
  });
});
