/**
 * The layering of src/ (.dependency-cruiser.cjs): it holds for the code as it is, and each rule
 * fires on a small tree that breaks it.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runProgram } from "./support/run-program.js";

const DEPCRUISE = path.resolve("node_modules/.bin/depcruise");
const CONFIG = path.resolve(".dependency-cruiser.cjs");

/** Runs dependency-cruiser on `files` (path → source) laid out under src/ in a scratch folder. */
async function cruise(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-layers-"));
  try {
    for (const [file, source] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), source);
    }
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: {} }));
    const ran = await runProgram(
      DEPCRUISE,
      ["src", "--config", CONFIG, "--output-type", "err"],
      dir,
    );
    return ran.stdout + ran.stderr;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("the layering", () => {
  it("holds for src/", { timeout: 60_000 }, async () => {
    const ran = await runProgram(
      DEPCRUISE,
      ["src", "--config", CONFIG, "--output-type", "err"],
      ".",
    );
    expect(ran.stdout + ran.stderr).toMatch(/no dependency violations found/);
    expect(ran.code).toBe(0);
  });

  it.each([
    [
      "core-stands-alone",
      { "src/core/a.ts": 'import "../resources/b.js";', "src/resources/b.ts": "export {};" },
    ],
    [
      "runtime-never-reaches-testing",
      {
        "src/index.ts": 'import "./resources/b.js";',
        "src/resources/b.ts": 'import "../testing/c.js";',
        "src/testing/c.ts": "export {};",
      },
    ],
    [
      "cli-loads-testing-on-demand",
      { "src/cli/demo.mts": 'import "../testing/c.js";', "src/testing/c.ts": "export {};" },
    ],
    [
      "stand-in-table-for-testing-only",
      {
        "src/core/a.ts": 'import "../generated/stand-in-operations.js";',
        "src/generated/stand-in-operations.ts": "export {};",
      },
    ],
    [
      "generated-imports-nothing-handwritten",
      { "src/generated/g.ts": 'import "../core/a.js";', "src/core/a.ts": "export {};" },
    ],
  ])("%s fires on a tree that breaks it", { timeout: 60_000 }, async (rule, files) => {
    expect(await cruise(files)).toMatch(new RegExp(`error ${rule}`));
  });

  it(
    "a dynamic import of the stand-in from the command line is allowed",
    { timeout: 60_000 },
    async () => {
      const output = await cruise({
        "src/cli/demo.mts": 'export const run = () => import("../testing/c.js");',
        "src/testing/c.ts": "export {};",
      });
      expect(output).toMatch(/no dependency violations found/);
    },
  );
});
