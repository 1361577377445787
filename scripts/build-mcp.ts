/**
 * Compiles the MCP server (mcp/src → mcp/dist), one JavaScript module per source module with its
 * source map; its imports (`seekrflow-client`, the MCP SDK) stay imports, resolved where it is
 * installed. Declarations for what it exports come from tsc (mcp/tsconfig.json, against the
 * client's built declarations), and the repository's LICENSE is put beside its package.json.
 * Types are checked by `npm run check` with the rest of the repository.
 */
import { execFileSync } from "node:child_process";
import { chmod, copyFile, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { build } from "esbuild";
import { root } from "./generate.js";

const source = path.join(root, "mcp/src");
const outdir = path.join(root, "mcp/dist");
const entryPoints = (await readdir(source, { recursive: true }))
  .filter((file) => file.endsWith(".ts"))
  .map((file) => path.join(source, file));
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints,
  outdir,
  outbase: source,
  format: "esm",
  platform: "node",
  target: "node20",
  keepNames: true,
  sourcemap: true,
  sourcesContent: true,
  logLevel: "warning",
});
await chmod(path.join(outdir, "bin.js"), 0o755);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", path.join(root, "mcp/tsconfig.json")], {
  stdio: "inherit",
});
await copyFile(path.join(root, "LICENSE"), path.join(root, "mcp/LICENSE"));
console.log(`compiled ${entryPoints.length} modules into mcp/dist`);
