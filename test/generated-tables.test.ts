/**
 * The tables generated from the document, made in this process (no lint, no types, no spawned
 * tool): each is byte for byte the committed file. test/generate.test.ts runs the whole of
 * `npm run generate`; this is its quick half, the one a mutant of a generator meets.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { TABLES, tableFile } from "../scripts/generate.js";

const document = parse(await readFile("openapi/seekrflow.yaml", "utf8"));

describe("the tables generated from the document", () => {
  it.each(Object.keys(TABLES) as (keyof typeof TABLES)[])(
    "%s is the committed file",
    async (name) => {
      const dir = name === "tools.ts" ? "mcp/src/generated" : "src/generated";
      expect(await tableFile(name, document, dir)).toBe(
        await readFile(path.join(dir, name), "utf8"),
      );
    },
  );
});
