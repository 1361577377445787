/**
 * What the build emits is what users see: in the packed package, every exported class keeps its
 * name (ESM and CommonJS, main and Node entries), a stack trace with source maps on leads to a
 * src/ file, the published declarations hold nothing internal, and a browser app that creates,
 * lists and gets a data job loads at most 14 kB of it, gzipped (bench/size.ts compares it).
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BROWSER_APP, bundled } from "./support/browser-bundle.js";
import { consumer } from "./support/provided.js";
import { lastJson, runProgram } from "./support/run-program.js";

/** Prints, for each entry, the exported classes whose `name` is not their export name. */
const RENAMED = (load: string) => `
const renamed = [];
for (const entry of ["seekrflow-client", "seekrflow-client/node"]) {
  const module = ${load};
  for (const [name, value] of Object.entries(module))
    if (typeof value === "function" && /^[A-Z]/.test(name) && value.name !== name)
      renamed.push(entry + " " + name + " is named " + value.name);
}
console.log(JSON.stringify(renamed));`;

describe("the published build", () => {
  it("a browser app's first load is at most 14 kB gzipped, with no Node built-in", async () => {
    const { initial, builtIns } = await bundled(consumer(), BROWSER_APP);
    expect(builtIns).toEqual([]);
    expect(initial).toBeLessThanOrEqual(14_000);
  });

  it("ESM: every exported class is named as it is exported", async () => {
    await writeFile(path.join(consumer(), "names.mjs"), RENAMED("await import(entry)"));
    expect(lastJson(await runProgram(process.execPath, ["names.mjs"], consumer()))).toEqual([]);
  });

  it("CommonJS: every exported class is named as it is exported", async () => {
    await writeFile(path.join(consumer(), "names.cjs"), RENAMED("require(entry)"));
    const ran = await runProgram(
      process.execPath,
      ["--no-experimental-require-module", "names.cjs"],
      consumer(),
    );
    expect(lastJson(ran)).toEqual([]);
  });

  it.each([
    ["ESM", "stack.mjs", 'import { SeekrFlow } from "seekrflow-client/node";'],
    ["CommonJS", "stack.cjs", 'const { SeekrFlow } = require("seekrflow-client/node");'],
  ])(
    "%s: with source maps on, an error's stack names the src/ file",
    async (_format, file, load) => {
      await writeFile(
        path.join(consumer(), file),
        `${load}
const flow = new SeekrFlow({ apiKey: "k", baseUrl: "http://127.0.0.1:9" });
flow.dataJobs.create({ name: "", job_type: "principle_files" }).catch((error) => {
  console.log(JSON.stringify({ name: error.name, top: error.stack.split("\\n")[1] }));
});`,
      );
      const ran = await runProgram(process.execPath, ["--enable-source-maps", file], consumer());
      const { name, top } = lastJson(ran) as { name: string; top: string };
      expect(name).toBe("InvalidRequestError");
      expect(top).toMatch(/node_modules\/seekrflow-client\/src\/core\/validate\.ts:\d+:\d+\)$/);
    },
  );

  it("ships no MCP code: the server is a package of its own", async () => {
    const shipped = await readdir(path.join(consumer(), "node_modules/seekrflow-client"), {
      recursive: true,
    });
    expect(shipped.filter((file) => /mcp|modelcontextprotocol/i.test(file))).toEqual([]);
    const manifest = JSON.parse(
      await readFile(path.join(consumer(), "node_modules/seekrflow-client/package.json"), "utf8"),
    );
    // openapi-fetch for the client; the Parquet libraries for ./datasets and ./testing only.
    expect(Object.keys(manifest.dependencies)).toEqual([
      "hyparquet",
      "hyparquet-writer",
      "openapi-fetch",
    ]);
  });

  it("SeekrFlow's declarations hold nothing internal (no Caller, no @internal member)", async () => {
    const dist = path.join(consumer(), "node_modules/seekrflow-client/dist");
    for (const file of [
      "esm/seekrflow.d.ts",
      "esm/node/seekrflow.d.ts",
      "commonjs/seekrflow.d.ts",
      "commonjs/node/seekrflow.d.ts",
    ]) {
      const declaration = await readFile(path.join(dist, file), "utf8");
      expect(declaration, file).not.toMatch(/Caller|@internal|filesFor/);
    }
  });
});
