/**
 * The README's TypeScript is what a reader copies: every ```ts block type-checks against the
 * packed package under the strictest settings a consumer may use (`strict`,
 * `noUncheckedIndexedAccess`, `exactOptionalPropertyTypes`), each block as a module of its own.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../src/cli/commands.mjs";
import { EXIT_CODE_HELP } from "../src/cli/exit-codes.mjs";
import { withSection, withToolSection } from "../scripts/readme-commands.js";
import { TOOLS } from "../mcp/src/tools.js";
import { copyPackages } from "./support/consumer.js";
import { consumer } from "./support/provided.js";
import { runProgram } from "./support/run-program.js";

/** The ```ts blocks of a Markdown text, with the line each starts on. */
function typeScriptBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== "```ts") continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1]!.trim() !== "```") i++;
    blocks.push({ line: start + 1, code: lines.slice(start, i + 1).join("\n") });
    i++;
  }
  return blocks;
}

let folder: string;
beforeAll(async () => {
  folder = path.join(consumer(), "readme");
  await mkdir(folder, { recursive: true });
  await copyPackages(["@types/node"], path.join(folder, "node_modules"));
});

describe("the README's TypeScript", () => {
  it("finds the blocks it checks", () => {
    expect(
      typeScriptBlocks("a\n```ts\nconst x = 1;\n```\n```sh\nls\n```\n```ts\nf();\n```"),
    ).toEqual([
      { line: 3, code: "const x = 1;" },
      { line: 9, code: "f();" },
    ]);
  });

  it(
    "type-checks, every block and the reference guide's, against the packed package",
    { timeout: 60_000 },
    async () => {
      const blocks = typeScriptBlocks(await readFile("README.md", "utf8"));
      expect(blocks.length).toBeGreaterThanOrEqual(2);
      const files = await Promise.all(
        blocks.map(async ({ line, code }) => {
          const file = `readme-line-${line}.mts`;
          await writeFile(path.join(folder, file), `${code}\nexport {};\n`);
          return file;
        }),
      );
      // The reference's guide (docs/guide.md) reads as one program, each block after the last.
      const guide = typeScriptBlocks(await readFile("docs/guide.md", "utf8"));
      expect(guide.length).toBeGreaterThanOrEqual(3);
      await writeFile(
        path.join(folder, "guide.mts"),
        `${guide.map(({ code }) => code).join("\n")}\nexport {};\n`,
      );
      files.push("guide.mts");
      await writeFile(
        path.join(folder, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            lib: ["ES2022", "DOM"],
            types: ["node"],
            strict: true,
            noUncheckedIndexedAccess: true,
            exactOptionalPropertyTypes: true,
            skipLibCheck: true,
            noEmit: true,
          },
          files,
        }),
      );
      const tsc = path.resolve("node_modules/typescript/bin/tsc");
      const ran = await runProgram(process.execPath, [tsc, "-p", "tsconfig.json"], folder);
      // Each error names its file, and so the README line its block starts on.
      expect(ran.stdout + ran.stderr).toBe("");
      expect(ran.code).toBe(0);
    },
  );

  it("lists every command as the command table has it (npm run readme writes it)", async () => {
    const readme = await readFile("README.md", "utf8");
    expect(readme).toBe(await withSection(readme));
    for (const words of Object.keys(COMMANDS)) expect(readme).toContain(`seekrflow ${words}`);
  });

  it("lists every MCP tool in mcp/README.md as the server lists them (npm run readme writes it)", async () => {
    const readme = await readFile("mcp/README.md", "utf8");
    expect(readme).toBe(await withToolSection(readme));
    for (const tool of TOOLS) expect(readme).toContain(`\`${tool.name}\``);
  });

  it("has the exit-code table the command line prints", async () => {
    const readme = await readFile("README.md", "utf8");
    const rows = [...readme.matchAll(/^\| (\d+) +\| (.+?) +\|$/gm)].map(([, code, meaning]) => [
      Number(code),
      meaning,
    ]);
    const help = EXIT_CODE_HELP.split("\n")
      .slice(1)
      .map((line) => line.trim().match(/^(\d+) +(.+)$/)!)
      .map(([, code, meaning]) => [Number(code), meaning]);
    expect(rows).toEqual(help);
  });
});
