/**
 * The key rule on the command line: each failing path of the built `seekrflow`, with a
 * recognisable key, plain, with `--debug` and with `--json --debug`, all under `SEEKR_LOG=debug`:
 * neither stdout nor stderr has the key or its first 8 characters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { runCli } from "./support/cli.js";
import { type FaultServer, respond, startFaultServer } from "./support/fault-server.js";
import { freePort } from "./support/ports.js";
import { expectKeyless, KEY } from "./support/secrets.js";

let standIn: StandIn;
let broken: FaultServer;
let refused: string;
beforeAll(async () => {
  standIn = await startStandIn({ apiKey: KEY });
  broken = await startFaultServer([
    respond(200, "<html>not json</html>", { "content-type": "text/html" }),
  ]);
  refused = `http://127.0.0.1:${await freePort()}`;
});
afterAll(async () => {
  await Promise.all([standIn.close(), broken.close()]);
});

describe("the API key is in nothing the CLI prints", () => {
  it(
    "everything the CLI prints on each failing path, with --debug and SEEKR_LOG=debug",
    { timeout: 60_000 },
    async () => {
      const paths: { args: string[]; env: Record<string, string>; code: number }[] = [
        { args: ["data-jobs", "list", "--limit", "0"], env: {}, code: 2 },
        { args: ["data-jobs", "list", "--bogus"], env: {}, code: 2 },
        { args: ["data-jobs", "list"], env: { SEEKR_API_KEY: `Bearer ${KEY}` }, code: 2 },
        { args: ["data-jobs", "list"], env: { SEEKR_API_KEY: `${KEY}ключ` }, code: 2 },
        { args: ["data-jobs", "list"], env: { SEEKR_BASE_URL: "http://flow.example" }, code: 2 },
        { args: ["data-jobs", "get", "dj-missing"], env: {}, code: 3 },
        { args: ["data-jobs", "list"], env: { SEEKR_API_KEY: `${KEY}-wrong` }, code: 3 },
        { args: ["data-jobs", "get", "dj-1"], env: { SEEKR_BASE_URL: refused }, code: 4 },
        { args: ["data-jobs", "get", "dj-1"], env: { SEEKR_BASE_URL: broken.url }, code: 6 },
      ];
      for (const path of paths) {
        for (const extra of [[], ["--debug"], ["--json", "--debug"]]) {
          const ran = await runCli([...path.args, ...extra], process.cwd(), {
            SEEKR_API_KEY: KEY,
            SEEKR_BASE_URL: standIn.url,
            SEEKR_LOG: "debug",
            ...path.env,
          });
          const what = `seekrflow ${[...path.args, ...extra].join(" ")}`;
          expect(ran.code, `${what}: ${ran.stderr}`).toBe(path.code);
          expectKeyless(ran.stdout, `stdout of ${what}`);
          expectKeyless(ran.stderr, `stderr of ${what}`);
        }
      }
    },
  );
});
