/**
 * What `npm run docs` emits for readers that are models (llms.txt, llms-full.txt) and the code
 * samples of the published reference, made in this process and compared with the reviewed copies
 * under test/emitted/. A change to what a reader gets shows in the diff of those files: run
 * `npx vitest run test/emitted-docs.test.ts -u` and review it. test/samples.test.ts runs every
 * sample; test/docs-browser.test.ts opens the built page.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { llmsFull, llmsIndex } from "../scripts/llms.js";
import { type CodeSample, codeSamples, withCodeSamples } from "../scripts/samples.js";

const source = await readFile("openapi/seekrflow.yaml", "utf8");
// Made in each test, never in a hook: Stryker turns a mutant on for a test, after beforeAll ran.
const samplesOf = (): Promise<Record<string, CodeSample[]>> => codeSamples(parse(source));

/** A README whose sections say which they are, around the ones llms-full.txt takes. */
const README = [
  "# seekrflow-client",
  "",
  "Not taken: the opening.",
  "",
  "## Use",
  "",
  "<!-- a comment the reader does not get -->",
  "The use section.",
  "",
  "## Not taken",
  "",
  "Skipped.",
  "",
  "## Command line",
  "",
  "The command line section.",
  "",
  "## MCP server",
  "",
  "The MCP section, the last one.",
].join("\n");
const MCP_README =
  "# seekrflow-mcp\n\n## Tools\n\nThe tools.\n\n## Rules\n\nThe rules.\n\n## Else\n\nNo.\n";

describe("docs for models", () => {
  it("llms.txt links every operation and every part of llms-full.txt", async () => {
    await expect(llmsIndex(parse(source))).toMatchFileSnapshot("emitted/llms.txt");
  });

  it("llms-full.txt has every operation with its samples, then the README's sections", async () => {
    await expect(llmsFull(parse(source), await samplesOf(), README, MCP_README)).toMatchFileSnapshot(
      "emitted/llms-full.txt",
    );
  });
});

describe("code samples", () => {
  it("are TypeScript, the command line and curl for each operation", async () => {
    await expect(`${JSON.stringify(await samplesOf(), null, 2)}\n`).toMatchFileSnapshot(
      "emitted/code-samples.json",
    );
  });

  it("go into the published document, in x-codeSamples of each operation", async () => {
    const published = await withCodeSamples(parse(source));
    const samples = await samplesOf();
    for (const item of Object.values(published.paths) as Record<string, any>[])
      for (const operation of Object.values(item).filter((o) => o?.operationId))
        expect(operation["x-codeSamples"]).toEqual(samples[operation.operationId]);
  });
});
