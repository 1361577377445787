/**
 * What `npm run check` compares with what the document and the declarations make now: the
 * generated folders, docs/api.md and ARCHITECTURE.md's four-name table (scripts/check.ts runs
 * this, then the type checks, the layering and the API diff).
 */
import { readFile } from "node:fs/promises";
import { apiMd, apiMdPath } from "./api-md.js";
import { architecturePath, withNameSection } from "./readme-commands.js";
import { staleGenerated } from "./freshness.js";
import { generatedDir, mcpGeneratedDir } from "./generate.js";

/** Where the files `npm run check` compares with what the document makes are. */
export interface Checked {
  generated: string;
  mcpGenerated: string;
  apiMd: string;
  architecture: string;
}

/** The repository's own files. */
export const REPOSITORY: Checked = {
  generated: generatedDir,
  mcpGenerated: mcpGeneratedDir,
  apiMd: apiMdPath,
  architecture: architecturePath,
};

/**
 * What is stale among `files`, one message each with the command that mends it; empty when
 * fresh. `regenerate` names the generated files that differ (scripts/freshness.ts by default).
 */
export async function staleFiles(
  files: Checked = REPOSITORY,
  regenerate: typeof staleGenerated = staleGenerated,
): Promise<string[]> {
  const stale: string[] = [];
  const drift = await regenerate(files.generated, files.mcpGenerated);
  if (drift.length > 0)
    stale.push(
      `src/generated/ or mcp/src/generated/ is stale; run \`npm run generate\` and commit:\n  ${drift.join("\n  ")}`,
    );
  if ((await readFile(files.apiMd, "utf8").catch(() => "")) !== (await apiMd()))
    stale.push("docs/api.md is stale: run `npm run readme` and commit it");
  const architecture = await readFile(files.architecture, "utf8");
  if (architecture !== (await withNameSection(architecture)))
    stale.push("ARCHITECTURE.md's four-name table is stale: run `npm run readme` and commit it");
  return stale;
}
