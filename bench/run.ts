/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run, printed and
 * written to bench/RESULTS.md with a description of the machine.
 */
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { format } from "prettier";
import { benchCliStart } from "./cli-start.js";
import { benchCpu } from "./cpu.js";
import { benchInstructions } from "./instructions.js";
import { benchMcpCall } from "./mcp-call.js";
import { benchMcpCode } from "./mcp-code.js";
import { benchMcpTokens } from "./mcp-tokens.js";
import { benchOverhead } from "./overhead.js";
import { benchPaging } from "./paging.js";
import { benchPipeline } from "./pipeline.js";
import { benchReadRows } from "./read-rows.js";
import { benchRequestPath } from "./request-path.js";
import { benchUploadMemory } from "./upload-memory.js";
import { benchSize } from "./size.js";
import { fixed, machine, root } from "./support.js";

execFileSync("npm", ["run", "--silent", "compile"], { cwd: root, stdio: "inherit" });
const sections: string[] = [];
const headline: Record<string, number> = {};
for (const [name, run] of [
  ["overhead", () => benchOverhead()],
  ["cpu", () => benchCpu()],
  ["request path", () => benchRequestPath()],
  ["upload memory", () => benchUploadMemory()],
  ["instructions", () => benchInstructions()],
  ["paging", () => benchPaging()],
  ["size", () => benchSize()],
  ["pipeline", () => benchPipeline()],
  ["cli start", async () => benchCliStart()],
  ["mcp call", () => benchMcpCall()],
  ["mcp tokens", () => benchMcpTokens()],
  ["mcp code", () => benchMcpCode()],
  ["read rows", () => benchReadRows()],
] as const) {
  console.error(`bench: ${name}…`);
  const { markdown, ratios } = await run();
  console.log(`${markdown}\n`);
  sections.push(markdown);
  Object.assign(headline, ratios);
}
const results = [
  "# Benchmark results",
  "",
  "Produced by `npm run bench` (bench/run.ts); every figure is measured against its baseline in the same run.",
  "",
  `Machine: ${machine()}. Run on ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "## Headline",
  "",
  ...Object.entries(headline).map(([name, value]) => `- ${name}: ${fixed(value)}`),
  "",
  ...sections.flatMap((section) => [section, ""]),
].join("\n");
await writeFile(path.join(root, "bench/RESULTS.md"), await format(results, { parser: "markdown" }));
console.error("bench: wrote bench/RESULTS.md");
