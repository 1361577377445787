/**
 * Version arithmetic of the breaking-change gate and the release, on its own: the bump between
 * two versions, a version bumped, and the newest released document.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bumpBetween, bumped, latestRelease, releasedDocument } from "../scripts/api-changes.js";

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
