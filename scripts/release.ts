/**
 * `npm run release -- <major|minor|patch> [--notes TEXT]`: bumps the version (package.json,
 * package-lock.json, src/core/version.ts), writes the CHANGELOG.md entry from the document's diff
 * since the last release plus the maintainer's notes (and whatever is under "Unreleased"), and
 * keeps the released document as openapi/releases/<version>.json; versions seekrflow-mcp (mcp/) with
 * the client and moves its `seekrflow-client` range to `^<version>`. Refuses a bump smaller than the
 * diff needs. `--root DIR` works on another copy.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import {
  type ApiChange,
  apiChanges,
  BUMPS,
  type Bump,
  bumped,
  bundle,
  latestRelease,
  releasedDocument,
} from "./api-changes.js";
import { root as repository } from "./generate.js";

const SECTIONS: Record<string, (c: ApiChange) => boolean> = {
  Removed: (c) => /removed/.test(c.rule),
  Added: (c) => /added/.test(c.rule) && c.impact !== "major",
  Changed: (c) => !/removed/.test(c.rule) && !(/added/.test(c.rule) && c.impact !== "major"),
};

/** The CHANGELOG entry of `version`: notes first, then the API's changes by kind. */
export function changelogEntry(
  version: string,
  date: string,
  notes: string[],
  changes: ApiChange[],
) {
  const sections = Object.entries(SECTIONS)
    .map(([title, belongs]) => {
      const items = changes
        .filter(belongs)
        .map((c) => `- ${c.impact === "major" ? "**Breaking:** " : ""}${c.message}`);
      return items.length ? `### ${title} (API)\n\n${items.join("\n")}\n` : "";
    })
    .filter(Boolean);
  return [
    `## [${version}] - ${date}`,
    "",
    ...(notes.length ? [...notes, ""] : []),
    ...sections,
    ...(notes.length || sections.length ? [] : ["No changes to the API.", ""]),
  ].join("\n");
}

/**
 * Runs `npm run release` with `args` (`<major|minor|patch> [--notes TEXT] [--root DIR]`), dated
 * `today` (YYYY-MM-DD); resolves with its exit code.
 */
export async function release(
  args: string[],
  today = new Date().toISOString().slice(0, 10),
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { root: { type: "string" }, notes: { type: "string", multiple: true } },
    allowPositionals: true,
  });
  const asked = positionals[0] as Exclude<Bump, "none">;
  if (!["major", "minor", "patch"].includes(asked)) {
    console.error("usage: npm run release -- <major|minor|patch> [--notes TEXT]");
    return 2;
  }
  const root = path.resolve(values.root ?? repository);
  const file = (name: string) => path.join(root, name);
  const pkg = JSON.parse(await readFile(file("package.json"), "utf8")) as { version: string };
  const releases = file("openapi/releases");
  const released = await latestRelease(releases);
  const { bump, changes } = await apiChanges(
    releasedDocument(releases, released),
    file("openapi/seekrflow.yaml"),
  );
  if (BUMPS.indexOf(asked) < BUMPS.indexOf(bump)) {
    console.error(
      `release: the document's changes since ${released} need a ${bump} bump, not ${asked}:\n` +
        changes.map((c) => `  ${c.impact.padEnd(5)}  ${c.message}`).join("\n"),
    );
    return 1;
  }
  const version = bumped(pkg.version, asked);

  // CHANGELOG.md: what is under "Unreleased" moves into the new entry.
  const changelog = await readFile(file("CHANGELOG.md"), "utf8");
  const unreleased = /## \[Unreleased\]\n([\s\S]*?)(?=\n## \[|$)/.exec(changelog);
  const pending = (unreleased?.[1] ?? "").trim();
  const notes = [...(pending ? [pending] : []), ...(values.notes ?? []).map((n) => `- ${n}`)];
  const entry = changelogEntry(version, today, notes, changes);
  const rest = unreleased ? changelog.replace(unreleased[0], "") : changelog;
  const [head, ...tail] = rest.split(/\n(?=## \[)/);
  await writeFile(
    file("CHANGELOG.md"),
    [`${head!.trimEnd()}\n\n## [Unreleased]\n\n${entry}`, ...tail].join("\n"),
  );

  pkg.version = version;
  await writeFile(file("package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  const lockFile = file("package-lock.json");
  const lock = JSON.parse(await readFile(lockFile, "utf8").catch(() => "null")) as {
    version?: string;
    packages?: Record<string, { version?: string }>;
  } | null;
  if (lock) {
    lock.version = version;
    if (lock.packages?.[""]) lock.packages[""].version = version;
    await writeFile(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
  }
  // The MCP server is released with the client, and depends on this release or a later compatible one.
  const mcpFile = file("mcp/package.json");
  const mcp = JSON.parse(await readFile(mcpFile, "utf8").catch(() => "null")) as {
    version: string;
    dependencies: Record<string, string>;
  } | null;
  if (mcp) {
    mcp.version = version;
    mcp.dependencies["seekrflow-client"] = `^${version}`;
    await writeFile(mcpFile, `${JSON.stringify(mcp, null, 2)}\n`);
  }
  const versionFile = file("src/core/version.ts");
  const source = await readFile(versionFile, "utf8");
  await writeFile(versionFile, source.replace(/VERSION = "[^"]*"/, `VERSION = "${version}"`));
  bundle(file("openapi/seekrflow.yaml"), releasedDocument(releases, version));
  console.log(
    `release: ${released} → ${version} (${changes.length} API changes in CHANGELOG.md). Commit, tag v${version}, publish.`,
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  process.exitCode = await release(process.argv.slice(2));
