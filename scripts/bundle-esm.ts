/**
 * After tshy: the ESM build as a bundle per entry point, with the code they share in common
 * chunks (one copy of every class, so `instanceof` holds across entries) and the validators in
 * chunks of their own, loaded when first used. Importing the package then opens a handful of files
 * instead of twenty-odd modules: 8 ms instead of 16 on Node 20 (bench/size.ts). Dependencies and
 * Node built-ins stay imports. Names are kept and source maps written (back to src/, sources
 * included). The declarations (`.d.ts`) are tshy's, untouched; the CommonJS
 * build stays one file per module (esbuild cannot split CommonJS, and a bundle per entry would
 * copy the classes). The command line's entry stays dist/esm/cli/bin.mjs (the package's `bin`).
 */
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { root } from "./generate.js";

const esm = path.join(root, "dist/esm");
const manifest = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
  exports: Record<string, string | { import?: { default: string } }>;
};
const entryPoints = [
  ...Object.values(manifest.exports).flatMap((target) =>
    typeof target === "object" && target.import ? [target.import.default] : [],
  ),
  "dist/esm/cli/bin.mjs",
].map((file) => path.join(root, file));

// Beside dist/esm, at the same depth: the source maps' paths to src/ hold once moved there.
const scratch = path.join(root, "dist/.esm-bundle");
await rm(scratch, { recursive: true, force: true });
try {
  await build({
    entryPoints,
    outbase: esm,
    outdir: scratch,
    entryNames: "[dir]/[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    packages: "external",
    external: ["node:*"],
    // No keepNames: it would put a name string beside every function into the bundles of apps
    // that minify ours (1 kB gzipped on a browser app's first load). The code is not minified
    // here, so names stay as written; the two a bundle would rename are named in src/, and
    // test/published-build.test.ts checks every exported class. Stack traces lead to src/ (the
    // maps carry the sources, through tshy's own maps).
    sourcemap: true,
    sourcesContent: true,
    logLevel: "warning",
  });
  // Only declarations (and tshy's package.json) stay of the per-module build.
  for (const entry of await readdir(esm, { recursive: true, withFileTypes: true }))
    if (entry.isFile() && /\.m?js(\.map)?$/.test(entry.name))
      await rm(path.join(entry.parentPath, entry.name));
  for (const entry of await readdir(scratch, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = path.join(entry.parentPath, entry.name);
    // esbuild names every entry .js; the command line's is .mjs, as tshy built it.
    const to = path.join(
      esm,
      // (Its map keeps the name its sourceMappingURL comment gives it.)
      path.relative(scratch, from).replace(/^cli\/bin\.js$/, "cli/bin.mjs"),
    );
    await mkdir(path.dirname(to), { recursive: true });
    await rename(from, to);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
