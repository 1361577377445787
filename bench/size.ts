/**
 * Size and start-up: what a bundler ships for `import { SeekrFlow }` (esbuild, minified, gzipped,
 * tree-shaken) against openapi-fetch alone and a raw-fetch floor, and the time to import the
 * package in a fresh Node process.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { fixed, quantile, root, table } from "./support.js";

async function bundledBytes(source: string): Promise<{ minified: number; gzipped: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-size-"));
  try {
    const entry = path.join(dir, "entry.mjs");
    await writeFile(entry, source);
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      treeShaking: true,
      format: "esm",
      platform: "node",
      write: false,
      absWorkingDir: root,
      nodePaths: [path.join(root, "node_modules")],
      alias: { "seekrflow-client": path.join(root, "dist/esm/index.js") },
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.contents;
    return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function importMs(specifier: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`,
      ],
      { cwd: root, encoding: "utf8" },
    );
    times.push(Number(out.trim()));
  }
  return quantile(
    times.sort((a, b) => a - b),
    0.5,
  );
}

/** Runs the benchmark (needs `npm run compile` first) and returns its Markdown section. */
export async function benchSize({ runs = 15 } = {}): Promise<{
  markdown: string;
  ratios: Record<string, number>;
}> {
  const floor = await bundledBytes(
    `export const get = async (id) => (await fetch("https://flow.seekr.com/v1/flow/data-jobs/" + id)).json();`,
  );
  const openapiFetch = await bundledBytes(
    `import createClient from "openapi-fetch"; export const client = createClient({ baseUrl: "https://flow.seekr.com" });`,
  );
  const facade = await bundledBytes(
    `import { SeekrFlow } from "seekrflow-client"; export const flow = () => new SeekrFlow();`,
  );
  const typesOnly = await bundledBytes(
    `import "seekrflow-client/dist/generated/schema.js"; export const x = 1;`.replace(
      "seekrflow-client/dist",
      path.join(root, "dist"),
    ),
  );
  const emptyish = await bundledBytes(`export const x = 1;`);
  const rows = [
    ["raw fetch (floor)", floor.minified, floor.gzipped, "—"],
    ["openapi-fetch alone", openapiFetch.minified, openapiFetch.gzipped, "—"],
    [
      "`import { SeekrFlow }`",
      facade.minified,
      facade.gzipped,
      facade.gzipped - openapiFetch.gzipped,
    ],
  ];
  const startup = [
    ["node, empty import of node:fs", fixed(importMs("node:fs", runs), 1)],
    ["openapi-fetch", fixed(importMs("openapi-fetch", runs), 1)],
    ["seekrflow-client (dist)", fixed(importMs(path.join(root, "dist/esm/index.js"), runs), 1)],
  ];
  return {
    markdown: [
      "### Size and start-up",
      "",
      table(
        [
          "bundle (esbuild, minified, tree-shaken)",
          "bytes",
          "gzipped",
          "gzipped beyond openapi-fetch",
        ],
        rows,
      ),
      "",
      `The generated types cost nothing at run time: a bundle that imports \`dist/generated/schema.js\` is ${typesOnly.gzipped - emptyish.gzipped} bytes larger (gzipped) than one that does not.`,
      "",
      table(["import in a fresh process", `median ms of ${runs}`], startup),
    ].join("\n"),
    ratios: { "gzipped kB beyond openapi-fetch": (facade.gzipped - openapiFetch.gzipped) / 1000 },
  };
}
