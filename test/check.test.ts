/**
 * What `npm run check` compares (scripts/check.ts), on scratch copies: each stale file named with
 * the command that mends it. The regeneration is given here (test/freshness.test.ts runs the
 * real one), so that these run in a moment.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPOSITORY, staleFiles } from "../scripts/stale.js";

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "seekrflow-check-"));
});
afterEach(() => rm(scratch, { recursive: true, force: true }));

const fresh = async () => [];

describe("npm run check's comparisons", { timeout: 60_000 }, () => {
  it("pass fresh files, asking the regeneration about the folders given", async () => {
    const asked: string[][] = [];
    const regenerate = async (generated: string, mcp: string) => (asked.push([generated, mcp]), []);
    expect(await staleFiles(REPOSITORY, regenerate)).toEqual([]);
    expect(asked).toEqual([[REPOSITORY.generated, REPOSITORY.mcpGenerated]]);
  });

  it("name each stale file with the command that mends it", async () => {
    const apiMd = path.join(scratch, "api.md");
    const architecture = path.join(scratch, "ARCHITECTURE.md");
    await writeFile(apiMd, `${await readFile(REPOSITORY.apiMd, "utf8")}edited\n`);
    const names = /\| `createDataJob` +\|[^|]*\|/;
    const table = await readFile(REPOSITORY.architecture, "utf8");
    expect(table).toMatch(names);
    await writeFile(architecture, table.replace(names, "| createDataJob | renamed |"));
    const regenerate = async () => ["names.ts: differs", "mcp/tools.ts: missing"];
    expect(await staleFiles({ ...REPOSITORY, apiMd, architecture }, regenerate)).toEqual([
      "src/generated/ or mcp/src/generated/ is stale; run `npm run generate` and commit:\n  names.ts: differs\n  mcp/tools.ts: missing",
      "docs/api.md is stale: run `npm run readme` and commit it",
      "ARCHITECTURE.md's four-name table is stale: run `npm run readme` and commit it",
    ]);
  });

  it("count a missing docs/api.md as stale", async () => {
    expect(
      await staleFiles({ ...REPOSITORY, apiMd: path.join(scratch, "nowhere.md") }, fresh),
    ).toEqual(["docs/api.md is stale: run `npm run readme` and commit it"]);
  });
});
