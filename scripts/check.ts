/**
 * `npm run check`: fails when src/generated/ is not what the document produces, when lint finds
 * anything (generate lints first), when the code does not typecheck, when a module breaks the
 * layering (.dependency-cruiser.cjs), when docs/api.md or ARCHITECTURE.md's four-name table is
 * not what the declarations and the document give, or when
 * the document changed since the last release in a way the version does not allow (npm run api-diff).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { apiMd, apiMdPath } from "./api-md.js";
import { architecturePath, withNameSection } from "./readme-commands.js";
import { staleGenerated } from "./freshness.js";
import { generatedDir, mcpGeneratedDir, root } from "./generate.js";

try {
  const drift = await staleGenerated(generatedDir, mcpGeneratedDir);
  if (drift.length > 0) {
    console.error(
      `src/generated/ or mcp/src/generated/ is stale; run \`npm run generate\` and commit:\n  ${drift.join("\n  ")}`,
    );
    process.exitCode = 1;
  }
  if ((await readFile(apiMdPath, "utf8").catch(() => "")) !== (await apiMd())) {
    console.error("docs/api.md is stale: run `npm run readme` and commit it");
    process.exitCode = 1;
  }
  const architecture = await readFile(architecturePath, "utf8");
  if (architecture !== (await withNameSection(architecture))) {
    console.error("ARCHITECTURE.md's four-name table is stale: run `npm run readme` and commit it");
    process.exitCode = 1;
  }
  for (const project of ["tsconfig.json", "tsconfig.portable.json"])
    execFileSync(path.join(root, "node_modules/.bin/tsc"), ["-p", project], {
      cwd: root,
      stdio: "inherit",
    });
  // The layering of src/, rule by rule with its reason (.dependency-cruiser.cjs).
  execFileSync(
    path.join(root, "node_modules/.bin/depcruise"),
    ["src", "--config", ".dependency-cruiser.cjs", "--output-type", "err"],
    { cwd: root, stdio: "inherit" },
  );
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/api-diff.ts"], {
    cwd: root,
    stdio: "inherit",
  });
  if (!process.exitCode)
    console.log(
      "check: lint clean, src/generated/, docs/api.md and ARCHITECTURE.md fresh, types check (the main entry without Node's), layering holds, API changes released",
    );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
