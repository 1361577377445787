/**
 * `npm run api-diff`: what changed in openapi/seekrflow.yaml since the last release
 * (openapi/releases/<version>.json), rated by the bump it needs. A breaking change without a
 * major bump in package.json fails (exit 1), naming each change; other changes pass and say the
 * bump the next release needs. `--root DIR` works on another copy.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import {
  type ApiChange,
  apiChanges,
  bumpBetween,
  latestRelease,
  releasedDocument,
} from "./api-changes.js";
import { root as repository } from "./generate.js";

const line = (c: ApiChange) => `  ${c.impact.padEnd(5)}  ${c.message}`;

/** Runs `npm run api-diff` with `args` (`--root DIR`); resolves with its exit code. */
export async function apiDiff(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { root: { type: "string" } } });
  const root = path.resolve(values.root ?? repository);
  const { version } = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
    version: string;
  };
  const releases = path.join(root, "openapi/releases");
  const released = await latestRelease(releases);
  const { bump, changes } = await apiChanges(
    releasedDocument(releases, released),
    path.join(root, "openapi/seekrflow.yaml"),
  );
  const allowed = bumpBetween(released, version);
  if (bump === "none") {
    console.log(`api-diff: the document is as released in ${released}.`);
  } else if (bump === "major" && allowed !== "major") {
    console.error(
      `api-diff: the document changed since ${released} in ways that need a major version bump ` +
        `(package.json is ${version}${allowed === "none" ? "" : `, a ${allowed} bump`}):\n` +
        `${changes.map(line).join("\n")}\n` +
        "Release them with `npm run release -- major` (while the version is 0.x, that is the next minor), or undo the breaking ones.",
    );
    return 1;
  } else {
    console.log(
      `api-diff: changes since ${released} that the next release needs a ${bump} bump for:\n${changes.map(line).join("\n")}`,
    );
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  process.exitCode = await apiDiff(process.argv.slice(2));
