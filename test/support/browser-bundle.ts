/**
 * What a browser app ships of a package, measured as app bundlers build it: esbuild,
 * platform=browser, minified, code split; gzipped. Used by bench/size.ts and by the test that
 * holds the first load to its budget (test/published-build.test.ts).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** The app measured: it creates, lists and gets a data job. */
export const BROWSER_APP = `
    import { SeekrFlow } from "seekrflow-client";
    const flow = new SeekrFlow({ apiKey: "key", dangerouslyAllowBrowser: true });
    export const run = async () => {
      const job = await flow.dataJobs.create({ name: "x", job_type: "principle_files" });
      await flow.dataJobs.list();
      return flow.dataJobs.get(job.id);
    };`;

/** Gzipped bytes of the chunks a page loads first (entry and its static imports), and of all. */
export async function bundled(
  folder: string,
  source: string,
): Promise<{ initial: number; total: number; builtIns: string[] }> {
  const entry = path.join(folder, "app.mjs");
  await writeFile(entry, source);
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: folder,
    bundle: true,
    minify: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    outdir: path.join(folder, "out"),
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const gzipped = new Map(
    result.outputFiles.map((file) => [
      path.relative(folder, file.path),
      gzipSync(file.contents, { level: 9 }).length,
    ]),
  );
  const outputs = result.metafile.outputs;
  const initial = new Set<string>();
  const visit = (file: string) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const imported of outputs[file]!.imports)
      if (imported.kind === "import-statement") visit(imported.path);
  };
  visit(Object.keys(outputs).find((file) => outputs[file]!.entryPoint)!);
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gzipped.get(f)!, 0);
  const builtIns = Object.keys(result.metafile.inputs).filter((input) => input.startsWith("node:"));
  return { initial: sum(initial), total: sum(gzipped.keys()), builtIns };
}
