/**
 * A consumer project holding the packed package, as `npm install` would leave it: the tarball of
 * `npm pack` unpacked into node_modules/seekrflow-client, beside copies of its runtime
 * dependencies, in a temporary folder outside the repository (so that nothing resolves to the
 * repository's src/ or node_modules/). The runtime tests import `seekrflow-client` from there:
 * they test what is published (its exports map, both builds, the files list). bench/size.ts
 * measures it too.
 */
import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
/** The packages `names`, and every package they depend on, as installed in `modules`. */
export async function withDependencies(names: string[], modules: string): Promise<string[]> {
  const all = [...names];
  for (const name of all) {
    const manifest = JSON.parse(
      await readFile(path.join(modules, name, "package.json"), "utf8"),
    ) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {}))
      if (!all.includes(dependency)) all.push(dependency);
  }
  return all;
}

/** Copies the packages `names` and what they depend on from the repository into `modules`. */
export async function copyPackages(names: string[], modules: string): Promise<void> {
  const installed = path.join(root, "node_modules");
  for (const name of await withDependencies(names, installed))
    await cp(path.join(installed, name), path.join(modules, name), {
      recursive: true,
      dereference: true,
    });
}

/**
 * Packs the package and unpacks it, with its dependencies and the programs of test/runtimes/,
 * into a new consumer project; returns its folder.
 */
export async function makeConsumer(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), "seekrflow-consumer-"));
  const modules = path.join(folder, "node_modules");
  await mkdir(path.join(modules, "seekrflow-client"), { recursive: true });
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", folder], {
      cwd: root,
      encoding: "utf8",
    }),
  ) as [{ filename: string }];
  const tarball = path.join(folder, packed.filename);
  execFileSync("tar", [
    "-xzf",
    tarball,
    "-C",
    path.join(modules, "seekrflow-client"),
    "--strip-components=1",
  ]);
  await rm(tarball);
  const { dependencies = {} } = JSON.parse(
    await readFile(path.join(root, "package.json"), "utf8"),
  ) as {
    dependencies?: Record<string, string>;
  };
  await copyPackages(Object.keys(dependencies), modules);
  await cp(path.join(root, "test/runtimes"), folder, { recursive: true });
  await writeFile(
    path.join(folder, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  return folder;
}
