/**
 * The packed package on Node, as its consumers load it: ESM `import`, and CommonJS `require`
 * with require(esm) switched off, so that the CommonJS build is what runs.
 */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { parquetWriteBuffer } from "hyparquet-writer";
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

  it("seekrflow-client/datasets reads Parquet and JSONL, imported and required (require(esm) off)", async () => {
    const parquet = parquetWriteBuffer({
      columnData: [{ name: "question", data: ["Leave?", "Hours?"], type: "STRING" }],
    });
    await writeFile(path.join(consumer(), "rows.parquet"), new Uint8Array(parquet));
    await writeFile(path.join(consumer(), "rows.jsonl"), '{"question":"Pay?"}\n');
    const read = `const rows = [];
      for (const file of ["rows.parquet", "rows.jsonl"])
        for await (const row of readRows(file)) rows.push(row.question);
      console.log(JSON.stringify(rows));`;
    await writeFile(
      path.join(consumer(), "rows.mjs"),
      `import { readRows } from "seekrflow-client/datasets";\n${read}`,
    );
    await writeFile(
      path.join(consumer(), "rows.cjs"),
      `const { readRows } = require("seekrflow-client/datasets");\n(async () => { ${read} })();`,
    );
    for (const args of [["rows.mjs"], ["--no-experimental-require-module", "rows.cjs"]])
      expect(lastJson(await runProgram(node, args, consumer())), args.join(" ")).toEqual([
        "Leave?",
        "Hours?",
        "Pay?",
      ]);
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
