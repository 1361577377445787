/**
 * The packed package on Node, as its consumers load it: ESM `import`, and CommonJS `require`
 * with require(esm) switched off, so that the CommonJS build is what runs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { EXPECTED } from "./runtimes/scenario.mjs";
import { NODE_LINES } from "./support/node-lines.js";
import { consumer } from "./support/provided.js";
import { lastJson, runProgram } from "./support/run-program.js";

/** The document the package's openapi.json is bundled from. */
const source = parse(readFileSync("openapi/seekrflow.yaml", "utf8")) as {
  openapi: string;
  paths: Record<string, unknown>;
};
let server: StandIn;
beforeAll(async () => {
  server = await startStandIn();
});
afterAll(() => server.close());

describe.each(NODE_LINES)("the packed package on Node $line", ({ line, node }) => {
  it("runs on that line", async () => {
    const ran = await runProgram(node, ["-p", "process.versions.node"], consumer());
    expect(ran.stdout.split(".")[0]).toBe(line);
  });

  it("import: the ESM build runs the workflow", async () => {
    const ran = await runProgram(node, ["main.mjs", server.url], consumer());
    expect(lastJson(ran)).toEqual({ ...EXPECTED, refusedWithoutOptIn: false, oneCopy: true });
  });

  it("require: every entry loads from the CommonJS build, with require(esm) off, and openapi.json", async () => {
    const ran = await runProgram(
      node,
      ["--no-experimental-require-module", "main.cjs"],
      consumer(),
    );
    expect(lastJson(ran)).toEqual({
      ...EXPECTED,
      refusedWithoutOptIn: false,
      oneCopy: true,
      pathUpload: ["main.cjs", true],
      format: path.join(consumer(), "node_modules/seekrflow-client/dist/commonjs/index.js"),
      document: [source.openapi, Object.keys(source.paths).length],
    });
  });
});
