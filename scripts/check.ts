/**
 * `npm run check`: fails when src/generated/ is not what the document produces, when lint finds
 * anything (generate lints first), when the code does not typecheck, when a module breaks the
 * layering (.dependency-cruiser.cjs), when docs/api.md or ARCHITECTURE.md's four-name table is
 * not what the declarations and the document give, or when
 * the document changed since the last release in a way the version does not allow (npm run api-diff).
 */
import path from "node:path";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { root } from "./generate.js";
import { staleFiles } from "./stale.js";

/** Runs a tool from node_modules/.bin in the repository, its output on ours; throws on failure. */
const tool = (name: string, args: string[]) =>
  execFileSync(path.join(root, "node_modules/.bin", name), args, { cwd: root, stdio: "inherit" });

async function main(): Promise<number> {
  const stale = await staleFiles();
  for (const message of stale) console.error(message);
  for (const project of ["tsconfig.json", "tsconfig.portable.json"]) tool("tsc", ["-p", project]);
  // The layering of src/, rule by rule with its reason (.dependency-cruiser.cjs).
  tool("depcruise", ["src", "--config", ".dependency-cruiser.cjs", "--output-type", "err"]);
  tool("tsx", ["scripts/api-diff.ts"]);
  if (stale.length > 0) return 1;
  console.log(
    "check: lint clean, src/generated/, docs/api.md and ARCHITECTURE.md fresh, types check (the main entry without Node's), layering holds, API changes released",
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  process.exitCode = await main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  });
