/**
 * Version arithmetic of the breaking-change gate and the release, on its own: the bump between
 * two versions, a version bumped, and the newest released document.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  bumpBetween,
  bumped,
  changesIn,
  latestRelease,
  releasedDocument,
  where,
} from "../scripts/api-changes.js";
import { changelogEntry } from "../scripts/release.js";

describe("versions", () => {
  it.each([
    ["1.2.3", "2.0.0", "major"],
    ["1.2.3", "1.3.0", "minor"],
    ["1.2.3", "1.2.4", "patch"],
    ["1.2.3", "1.2.3", "none"],
    ["1.2.3", "1.2.2", "none"],
    ["0.2.3", "1.0.0", "major"],
    ["0.2.3", "0.3.0", "major"],
    ["0.2.3", "0.2.4", "minor"],
    ["0.2.3", "0.2.3", "none"],
    ["0.3.0", "0.2.9", "none"],
  ] as const)("from %s to %s is a %s bump", (from, to, bump) => {
    expect(bumpBetween(from, to)).toBe(bump);
  });

  it.each([
    ["1.2.3", "major", "2.0.0"],
    ["1.2.3", "minor", "1.3.0"],
    ["1.2.3", "patch", "1.2.4"],
    ["0.2.3", "major", "0.3.0"],
    ["0.2.3", "minor", "0.2.4"],
    ["0.2.3", "patch", "0.2.4"],
  ] as const)("%s bumped %s is %s", (version, bump, next) => {
    expect(bumped(version, bump)).toBe(next);
  });

  it("finds the newest released document by number, not by name", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-releases-"));
    try {
      for (const name of [
        "0.9.0.json",
        "0.10.0.json",
        "0.10.2.json",
        "0.10.10.json",
        "1.0.0.txt",
        "notes.json",
      ])
        await writeFile(path.join(dir, name), "{}");
      expect(await latestRelease(dir)).toBe("0.10.10");
      await writeFile(path.join(dir, "2.0.0.json"), "{}");
      expect(await latestRelease(dir)).toBe("2.0.0");
      await writeFile(path.join(dir, "10.0.0.json"), "{}");
      expect(await latestRelease(dir)).toBe("10.0.0");
      expect(releasedDocument(dir, "2.0.0")).toBe(path.join(dir, "2.0.0.json"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says how to make the first release when there is none", async () => {
    const missing = path.join(tmpdir(), "seekrflow-no-releases-here");
    await expect(latestRelease(missing)).rejects.toThrow(
      `no released document in ${missing}: run npm run release -- <bump> first`,
    );
  });
});

describe("a diff's changes", () => {
  it("name where each is, as people read it", () => {
    expect(where("#/paths/~1v1~1flow~1data-jobs/post/requestBody/content")).toBe(
      "`POST /v1/flow/data-jobs`: requestBody/content",
    );
    expect(where("#/paths/~1v1~1flow~1files~0x/get")).toBe("`GET /v1/flow/files~x`");
    expect(where("#/paths/~1v1~1flow~1files")).toBe("Path `/v1/flow/files`");
    expect(where("#/components/schemas/DataJob")).toBe("`components/schemas/DataJob`");
    expect(where("paths/~1a/put")).toBe("`PUT /a`");
  });

  it("are each rule's verdict, or the change itself when no rule names it, once each, the biggest first", () => {
    expect(
      changesIn({
        changes: [
          { path: "#/paths/~1a/get", kind: "added", impact: "minor" },
          {
            path: "#/paths/~1b",
            kind: "removed",
            impact: "major",
            verdicts: [
              { ruleId: "path-removed", impact: "major", message: "Path `/b` was removed" },
              { ruleId: "path-removed", impact: "major", message: "Path `/b` was removed" },
            ],
          },
          { path: "#/paths/~1a/get", kind: "added", impact: "minor" },
          { path: "#/paths/~1c/get", kind: "modified", impact: "patch", verdicts: [] },
          { path: "#/info", kind: "modified", impact: undefined as never },
        ],
      }),
    ).toEqual({
      bump: "major",
      changes: [
        { impact: "major", rule: "path-removed", message: "Path `/b` was removed" },
        { impact: "minor", rule: "added", message: "`GET /a` added" },
        { impact: "patch", rule: "modified", message: "`GET /c` modified" },
      ],
    });
    expect(changesIn({})).toEqual({ bump: "none", changes: [] });
    expect(changesIn({ changes: [{ path: "#/x", kind: "added", impact: "patch" }] }).bump).toBe(
      "patch",
    );
  });
});

describe("a changelog entry", () => {
  const change = (impact: "major" | "minor" | "patch", rule: string, message: string) => ({
    impact,
    rule,
    message,
  });

  it("puts the notes first, then the API's changes by kind, breaking ones marked", () => {
    expect(
      changelogEntry(
        "1.2.0",
        "2026-12-07",
        ["- A note."],
        [
          change("major", "property-removed", "`x` was removed"),
          change("minor", "operation-added", "`GET /new` added"),
          change("major", "enum-added", "`Kind` got `z`"),
          change("patch", "description-changed", "`GET /a` modified"),
        ],
      ),
    ).toBe(
      [
        "## [1.2.0] - 2026-12-07",
        "",
        "- A note.",
        "",
        "### Removed (API)\n\n- **Breaking:** `x` was removed\n",
        "### Added (API)\n\n- `GET /new` added\n",
        "### Changed (API)\n\n- **Breaking:** `Kind` got `z`\n- `GET /a` modified\n",
      ].join("\n"),
    );
  });

  it("says when the API did not change", () => {
    expect(changelogEntry("1.0.1", "2026-12-07", [], [])).toBe(
      "## [1.0.1] - 2026-12-07\n\nNo changes to the API.\n",
    );
    expect(changelogEntry("1.0.1", "2026-12-07", ["- Only a note."], [])).toBe(
      "## [1.0.1] - 2026-12-07\n\n- Only a note.\n",
    );
  });
});
