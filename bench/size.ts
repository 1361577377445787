/**
 * Weight, as a consumer meets it, side by side in one run: what a browser app ships for
 * create/list/get (esbuild, platform=browser, minified, gzipped, code split as app bundlers do)
 * against openapi-fetch alone, a raw-fetch floor and openai-node's client; the time to import
 * each in a fresh Node process; and what `npm install` puts on disk, dependencies included. Ours
 * is measured on the packed package (`npm pack`, installed in a consumer folder).
 */
import { execFileSync } from "node:child_process";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { BROWSER_APP, bundled } from "../test/support/browser-bundle.js";
import { copyPackages, makeConsumer, withDependencies } from "../test/support/consumer.js";
import { fixed, quantile, table } from "./support.js";

/** Our budgets: the browser app's first load (held by test/published-build.test.ts), and import time against openapi-fetch. */
const BUDGET = { appKB: 14, importRatio: 2 };

const APPS = {
  "raw fetch (floor)": `
    const base = "https://flow.seekr.com/v1/flow/data-jobs";
    const call = async (url, init) => (await fetch(url, init)).json();
    export const run = async () => {
      const job = await call(base, { method: "POST", body: JSON.stringify({ name: "x", job_type: "principle_files" }) });
      await call(base);
      return call(base + "/" + job.id);
    };`,
  "openapi-fetch alone": `
    import createClient from "openapi-fetch";
    const client = createClient({ baseUrl: "https://flow.seekr.com" });
    export const run = async () => {
      const { data } = await client.POST("/v1/flow/data-jobs", { body: { name: "x", job_type: "principle_files" } });
      await client.GET("/v1/flow/data-jobs");
      return client.GET("/v1/flow/data-jobs/{data_job_id}", { params: { path: { data_job_id: data.id } } });
    };`,
  "seekrflow-client": BROWSER_APP,
  "openai-node (whole client)": `
    import OpenAI from "openai";
    const client = new OpenAI({ apiKey: "key", dangerouslyAllowBrowser: true });
    export const run = () => client.chat.completions.create({ model: "m", messages: [] });`,
};

/** Median ms to import `specifier` in a fresh Node process started in `folder`. */
function importMs(folder: string, specifier: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`,
      ],
      { cwd: folder, encoding: "utf8" },
    );
    times.push(Number(out.trim()));
  }
  return quantile(
    times.sort((a, b) => a - b),
    0.5,
  );
}

/** Bytes of the files in a folder. */
async function footprint(folder: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  return bytes;
}

/** A package's install: its size with its dependencies', and how many dependencies. */
async function installed(modules: string, name: string) {
  const names = await withDependencies([name], modules);
  let bytes = 0;
  for (const each of names) bytes += await footprint(path.join(modules, each));
  return { bytes, dependencies: names.length - 1 };
}

/** Runs the benchmark and returns its Markdown section. */
export async function benchSize({ runs = 15 } = {}): Promise<{
  markdown: string;
  ratios: Record<string, number>;
}> {
  const folder = await makeConsumer();
  try {
    // openai-node beside ours, installed the same way (it has no dependencies of its own).
    await copyPackages(["openai"], path.join(folder, "node_modules"));
    const sizes: Record<string, Awaited<ReturnType<typeof bundled>>> = {};
    for (const [name, source] of Object.entries(APPS)) sizes[name] = await bundled(folder, source);
    const ours = sizes["seekrflow-client"]!;
    if (ours.builtIns.length > 0)
      throw new Error(`Node built-ins in the browser bundle: ${ours.builtIns}`);
    const kB = (bytes: number) => fixed(bytes / 1000, 1);
    const bundles = Object.entries(sizes).map(([name, size]) => [
      name,
      kB(size.initial),
      kB(size.total),
    ]);

    const imports = {
      "openapi-fetch": importMs(folder, "openapi-fetch", runs),
      "seekrflow-client": importMs(folder, "seekrflow-client", runs),
      "seekrflow-client/node": importMs(folder, "seekrflow-client/node", runs),
      "openai-node": importMs(folder, "openai", runs),
    };
    const startup = Object.entries(imports).map(([name, ms]) => [
      name,
      fixed(ms, 1),
      fixed(ms / imports["openapi-fetch"]),
    ]);

    const modules = path.join(folder, "node_modules");
    const installs = [
      ["seekrflow-client", await installed(modules, "seekrflow-client")],
      ["openai-node", await installed(modules, "openai")],
    ] as const;
    const disk = installs.map(([name, { bytes, dependencies }]) => [
      name,
      fixed(bytes / 1e6, 2),
      dependencies,
    ]);

    const importRatio = imports["seekrflow-client"] / imports["openapi-fetch"];
    return {
      markdown: [
        "### Size, start-up and install",
        "",
        `A browser app that creates, lists and gets a data job (esbuild, platform=browser, minified, split like an app bundler; gzipped kB). Budget: ${BUDGET.appKB} kB on first load. The rest of ours loads later: the request validators with the first call, the response validators only with \`validateResponses\`. No Node built-in in ours.`,
        "",
        table(["app", "first load", "all chunks"], bundles),
        "",
        `Import in a fresh Node process (ESM, the packed package; median of ${runs}). Budget: ${BUDGET.importRatio}× openapi-fetch.`,
        "",
        table(["import", "ms", "× openapi-fetch"], startup),
        "",
        "Installed on disk, dependencies included (openai-node's peers are optional and not counted).",
        "",
        table(["package", "MB", "dependencies"], disk),
      ].join("\n"),
      ratios: {
        [`browser app first load, gzipped kB (budget ${BUDGET.appKB})`]: ours.initial / 1000,
        "import time × openapi-fetch (budget 2)": importRatio,
      },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
