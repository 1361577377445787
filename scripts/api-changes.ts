/**
 * What changed in the document since a release, rated by the semver bump it needs, with
 * `redocly diff` and the diff-recommended rules (openapi/diff.redocly.yaml). Shared by
 * `npm run api-diff` and `npm run release`.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { root } from "./generate.js";
import { redocly } from "./redocly.js";

/** A semver bump, from the least to the most. */
export const BUMPS = ["none", "patch", "minor", "major"] as const;
export type Bump = (typeof BUMPS)[number];

/** One change, as a changelog names it. */
export interface ApiChange {
  impact: Exclude<Bump, "none">;
  rule: string;
  message: string;
}

/** The document bundled into one JSON file at `output`. */
export function bundle(document: string, output: string): void {
  redocly(["bundle", document, "--output", output, "--ext", "json"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
}

/** A diff's JSON pointer as people read it: `POST /v1/flow/data-jobs: requestBody/…/labels`. */
export function where(pointer: string): string {
  const parts = pointer
    .replace(/^#\//, "")
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (parts[0] !== "paths") return `\`${parts.join("/")}\``;
  const [, route, method, ...rest] = parts;
  const place = method ? `\`${method.toUpperCase()} ${route}\`` : `Path \`${route}\``;
  return rest.length ? `${place}: ${rest.join("/")}` : place;
}

/** The path of the released document of `version` under `releasesDir`. */
export const releasedDocument = (releasesDir: string, version: string): string =>
  path.join(releasesDir, `${version}.json`);

/** What `redocly diff --format json` reports. */
export interface DiffReport {
  changes?: {
    path: string;
    kind: string;
    impact: ApiChange["impact"];
    verdicts?: { ruleId: string; impact: ApiChange["impact"]; message: string }[];
  }[];
}

/** The changes a diff reports, each said once, the biggest first, and the bump they need. */
export function changesIn(report: DiffReport): { bump: Bump; changes: ApiChange[] } {
  const seen = new Set<string>();
  const changes: ApiChange[] = [];
  const add = (change: ApiChange): void => {
    const key = `${change.impact} ${change.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    changes.push(change);
  };
  for (const change of report.changes ?? []) {
    for (const verdict of change.verdicts ?? [])
      add({ impact: verdict.impact, rule: verdict.ruleId, message: verdict.message });
    // A change no rule names (most additions) still counts, named by where it is.
    if (!change.verdicts?.length && change.impact)
      add({
        impact: change.impact,
        rule: change.kind,
        message: `${where(change.path)} ${change.kind}`,
      });
  }
  changes.sort((a, b) => BUMPS.indexOf(b.impact) - BUMPS.indexOf(a.impact));
  const bump = changes.reduce<Bump>(
    (most, c) => (BUMPS.indexOf(c.impact) > BUMPS.indexOf(most) ? c.impact : most),
    "none",
  );
  return { bump, changes };
}

/** The changes from `released` (a bundled JSON) to `document`, and the bump they need. */
export async function apiChanges(
  released: string,
  document: string,
): Promise<{ bump: Bump; changes: ApiChange[] }> {
  const scratch = await mkdtemp(path.join(tmpdir(), "seekrflow-diff-"));
  try {
    const current = path.join(scratch, "current.json");
    bundle(document, current);
    const report = path.join(scratch, "report.json");
    try {
      redocly(
        [
          "diff",
          released,
          current,
          "--config",
          path.join(root, "openapi/diff.redocly.yaml"),
          "--format",
          "json",
          "--fail-on",
          "none",
          "--output",
          report,
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
    } catch (error) {
      throw new Error(`redocly diff failed: ${(error as { stderr?: Buffer }).stderr ?? error}`);
    }
    return changesIn(JSON.parse(await readFile(report, "utf8")) as DiffReport);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The bump from version `from` to version `to` (`none` when `to` is not later). */
export function bumpBetween(from: string, to: string): Bump {
  const [a, b] = [from, to].map((v) => v.split(".").map(Number)) as [number[], number[]];
  // The first part that differs decides; while the version is 0.x, the minor carries breaking
  // changes and the patch everything else (as semver's 0.x and npm's ^0.y ranges read it).
  const at = [0, 1, 2].find((i) => a[i] !== b[i]);
  if (at === undefined || b[at]! < a[at]!) return "none";
  const kinds: Exclude<Bump, "none">[] =
    a[0] === 0 && b[0] === 0 ? ["major", "major", "minor"] : ["major", "minor", "patch"];
  return kinds[at]!;
}

/** `version` bumped by `bump`; in 0.x a major bump is the next minor, any other the next patch. */
export function bumped(version: string, bump: Exclude<Bump, "none">): string {
  const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
  if (major === 0) return bump === "major" ? `0.${minor + 1}.0` : `0.${minor}.${patch + 1}`;
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** The newest version under `releasesDir` (by semver). */
export async function latestRelease(releasesDir: string): Promise<string> {
  const versions = (await readdir(releasesDir).catch(() => []))
    .filter((name) => /^\d+\.\d+\.\d+\.json$/.test(name))
    .map((name) => name.slice(0, -".json".length))
    .sort((a, b) => {
      const [x, y] = [a, b].map((v) => v.split(".").map(Number)) as [number[], number[]];
      return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
    });
  const latest = versions.at(-1);
  if (!latest)
    throw new Error(`no released document in ${releasesDir}: run npm run release -- <bump> first`);
  return latest;
}
