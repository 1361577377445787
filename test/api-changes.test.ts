/**
 * The breaking-change gate, the changelog and the release snapshots: `npm run api-diff` and
 * `npm run release` on a scratch copy of the project, with the document changed as maintainers do.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { VERSION } from "../src/core/version.js";
import { apiDiff } from "../scripts/api-diff.js";
import { bumpBetween, bumped } from "../scripts/api-changes.js";
import { release } from "../scripts/release.js";

const COPIED = [
  "package.json",
  "package-lock.json",
  "CHANGELOG.md",
  "openapi/seekrflow.yaml",
  "openapi/releases",
  "src/core/version.ts",
  "mcp/package.json",
];
let scratch: string;
/** The version a breaking release after this one takes: the next minor while in 0.x. */
const NEXT = bumped(VERSION, "major");

beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "seekrflow-release-"));
  for (const item of COPIED) await cp(item, path.join(scratch, item), { recursive: true });
});
afterEach(() => rm(scratch, { recursive: true, force: true }));

/** Runs a script's main in this process on the scratch copy, its console output captured. */
async function run(
  script: (args: string[]) => Promise<number>,
  args: string[] = [],
): Promise<{ code: number; out: string }> {
  const lines: unknown[] = [];
  const capture = (...parts: unknown[]) => void lines.push(parts.join(" "));
  const log = vi.spyOn(console, "log").mockImplementation(capture);
  const error = vi.spyOn(console, "error").mockImplementation(capture);
  try {
    const code = await script(["--root", scratch, ...args]);
    return { code, out: lines.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** Changes the scratch copy's document. */
async function edit(change: (doc: any) => void): Promise<void> {
  const file = path.join(scratch, "openapi/seekrflow.yaml");
  const doc = parse(await readFile(file, "utf8"));
  change(doc);
  await writeFile(file, stringify(doc));
}

const schemas = (doc: any) => doc.components.schemas;

describe("npm run api-diff", { timeout: 60_000 }, () => {
  it("passes when the document has no breaking change since the release", async () => {
    const { code, out } = await run(apiDiff);
    expect(code).toBe(0);
    expect(out).toMatch(
      new RegExp(
        `as released in ${VERSION.replace(/\./g, "\\.")}|changes since ${VERSION.replace(/\./g, "\\.")} that the next release needs a (patch|minor) bump`,
      ),
    );
  });

  it.each([
    [
      "a removed response property",
      (doc: any) => {
        delete schemas(doc).DataJobResponse.properties.user_id;
        schemas(doc).DataJobResponse.required = schemas(doc).DataJobResponse.required.filter(
          (name: string) => name !== "user_id",
        );
      },
      "Property `user_id` of `DataJobResponse` was removed",
    ],
    [
      "a property made nullable",
      (doc: any) => (schemas(doc).DataJobResponse.properties.name.type = ["string", "null"]),
      "Type of `name` widened from 'string' to 'string | null'",
    ],
    [
      "a narrowed request enum",
      (doc: any) =>
        (schemas(doc).DataJobType.enum = ["principle_files", "context_grounded_vector_db"]),
      "Enum of `DataJobType` lost values: 'context_grounded_files'",
    ],
    [
      "a new required request property",
      (doc: any) => {
        schemas(doc).DataJobCreateRequest.properties.labels = {
          type: "array",
          items: { type: "string" },
        };
        schemas(doc).DataJobCreateRequest.required.push("labels");
      },
      "Properties of `DataJobCreateRequest` became required: `labels`",
    ],
    [
      "a removed operation",
      (doc: any) => delete doc.paths["/v1/flow/data-jobs/{data_job_id}/clone"],
      "Path `/v1/flow/data-jobs/{data_job_id}/clone` was removed",
    ],
  ])("fails on %s without a major bump, naming it", async (_label, change, named) => {
    await edit(change);
    const { code, out } = await run(apiDiff);
    expect(code).toBe(1);
    expect(out).toContain("need a major version bump");
    expect(out).toContain(named);
  });

  it("passes an additive change and says the bump it needs", async () => {
    await edit(
      (doc) =>
        (schemas(doc).DataJobCreateRequest.properties.labels = {
          type: "array",
          items: { type: "string" },
        }),
    );
    const { code, out } = await run(apiDiff);
    expect(code).toBe(0);
    expect(out).toMatch(/the next release needs a (minor|patch) bump/);
    expect(out).toContain("requestBody/content/application/json/schema/properties/labels added");
  });
});

describe("version numbers", () => {
  it("while 0.x, puts a breaking change in the minor and the rest in the patch", () => {
    expect([bumped("0.2.0", "major"), bumped("0.2.0", "minor"), bumped("0.2.3", "patch")]).toEqual([
      "0.3.0",
      "0.2.1",
      "0.2.4",
    ]);
    expect([bumpBetween("0.2.0", "0.3.0"), bumpBetween("0.2.0", "0.2.1")]).toEqual([
      "major",
      "minor",
    ]);
    expect([
      bumped("1.2.3", "major"),
      bumped("1.2.3", "minor"),
      bumpBetween("1.2.3", "1.3.0"),
    ]).toEqual(["2.0.0", "1.3.0", "minor"]);
  });
});

describe("npm run release", { timeout: 60_000 }, () => {
  it("says its usage, and changes nothing, on a bump it does not know", async () => {
    expect(await run(release, ["huge"])).toEqual({
      code: 2,
      out: "usage: npm run release -- <major|minor|patch> [--notes TEXT]",
    });
    expect(JSON.parse(await readFile(path.join(scratch, "package.json"), "utf8")).version).toBe(
      VERSION,
    );
  });

  it("refuses a bump smaller than the diff needs", async () => {
    await edit((doc) => delete doc.paths["/v1/flow/data-jobs/{data_job_id}/clone"]);
    const { code, out } = await run(release, ["minor"]);
    expect(code).toBe(1);
    expect(out).toContain("need a major bump, not minor");
    expect(JSON.parse(await readFile(path.join(scratch, "package.json"), "utf8")).version).toBe(
      VERSION,
    );
  });

  it("bumps the version, writes the changelog entry and keeps the released document", async () => {
    await edit((doc) => delete doc.paths["/v1/flow/data-jobs/{data_job_id}/clone"]);
    const changelog = path.join(scratch, "CHANGELOG.md");
    await writeFile(
      changelog,
      (await readFile(changelog, "utf8")).replace(
        "## [Unreleased]\n",
        "## [Unreleased]\n\n- Clone went away upstream.\n",
      ),
    );
    const { code, out } = await run(release, ["major", "--notes", "Removed dataJobs.clone."]);
    // While the version is 0.x, a breaking change takes the next minor.
    expect([code, out]).toEqual([0, expect.stringContaining(`→ ${NEXT}`)]);
    expect(JSON.parse(await readFile(path.join(scratch, "package.json"), "utf8")).version).toBe(
      NEXT,
    );
    expect(await readFile(path.join(scratch, "src/core/version.ts"), "utf8")).toContain(
      `VERSION = "${NEXT}"`,
    );
    // npm ci refuses a lock whose root version disagrees with package.json: both fields move.
    const lock = JSON.parse(await readFile(path.join(scratch, "package-lock.json"), "utf8"));
    expect([lock.version, lock.packages[""].version]).toEqual([NEXT, NEXT]);
    const mcp = JSON.parse(await readFile(path.join(scratch, "mcp/package.json"), "utf8"));
    expect([mcp.version, mcp.dependencies["seekrflow-client"]]).toEqual([NEXT, `^${NEXT}`]);
    const written = await readFile(changelog, "utf8");
    const entry = written.slice(
      written.indexOf(`## [${NEXT}]`),
      written.indexOf(`## [${VERSION}]`),
    );
    expect(written.indexOf("## [Unreleased]")).toBeLessThan(written.indexOf(`## [${NEXT}]`));
    expect(entry).toContain("- Clone went away upstream.");
    expect(entry).toContain("- Removed dataJobs.clone.");
    expect(entry).toContain(
      "**Breaking:** Path `/v1/flow/data-jobs/{data_job_id}/clone` was removed",
    );
    expect(await readdir(path.join(scratch, "openapi/releases"))).toContain(`${NEXT}.json`);
    // Released: the gate is clean again.
    expect((await run(apiDiff)).out).toContain(`as released in ${NEXT}`);
  });
});

describe("the project's own record", () => {
  it("has a changelog entry for every released document, and the version's document kept", async () => {
    const released = (await readdir("openapi/releases")).map((name) => name.replace(/\.json$/, ""));
    const changelog = await readFile("CHANGELOG.md", "utf8");
    expect(released).toContain(VERSION);
    for (const version of released) expect(changelog).toContain(`## [${version}]`);
    expect(JSON.parse(await readFile("package.json", "utf8")).version).toBe(VERSION);
  });
});
