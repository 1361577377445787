/**
 * A consumer project holding the packed package, as `npm install` would leave it: the tarball of
 * `npm pack` unpacked into node_modules/seekrflow-client, beside copies of its runtime
 * dependencies. The runtime tests import `seekrflow-client` from there, so that they test what
 * is published (its exports map, both builds, the files list), not the repository.
 */
import { execFileSync } from "node:child_process";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** The consumer project's folder (made by the test run's global setup). */
export const CONSUMER = path.resolve("test/artifacts/consumer");

/** Packs the package and unpacks it, with its dependencies, into a fresh consumer project. */
export async function makeConsumer(): Promise<void> {
  const modules = path.join(CONSUMER, "node_modules");
  await rm(CONSUMER, { recursive: true, force: true });
  await mkdir(path.join(modules, "seekrflow-client"), { recursive: true });
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", CONSUMER], { encoding: "utf8" }),
  ) as [{ filename: string }];
  const tarball = path.join(CONSUMER, packed.filename);
  execFileSync("tar", [
    "-xzf",
    tarball,
    "-C",
    path.join(modules, "seekrflow-client"),
    "--strip-components=1",
  ]);
  await rm(tarball);
  // The programs each runtime runs (test/runtimes/), as files of the consumer project.
  await cp(path.resolve("test/runtimes"), CONSUMER, { recursive: true });
  await writeFile(
    path.join(CONSUMER, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  // Its own tsconfig, so that bundlers and Bun never find the repository's (whose `paths` map
  // seekrflow-client to src/).
  await writeFile(path.join(CONSUMER, "tsconfig.json"), "{}\n");
  const wanted = [path.resolve(".")];
  for (const from of wanted) {
    const manifest = JSON.parse(await readFile(path.join(from, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const source = path.resolve("node_modules", name);
      if (wanted.includes(source)) continue;
      wanted.push(source);
      await cp(source, path.join(modules, name), { recursive: true, dereference: true });
    }
  }
}
