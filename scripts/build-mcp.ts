/**
 * Compiles the MCP server (mcp/src → mcp/dist), one JavaScript module per source module with its
 * source map; its imports (`seekrflow-client`, the MCP SDK) stay imports, resolved where it is
 * installed. Types are checked by `npm run check` with the rest of the repository.
 */
import { chmod, readdir, rm } from "node:fs/promises";
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
console.log(`compiled ${entryPoints.length} modules into mcp/dist`);
