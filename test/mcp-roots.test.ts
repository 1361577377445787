/**
 * Where the MCP server may read and write, on its own: each path refused with why, each allowed
 * one resolved through links to a real path under a root.
 */
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowedPath, inside, NO_ROOTS, PathRefused, rootsFromUris } from "../mcp/src/roots.js";

let base: string;
let root: string;
let second: string;
beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "seekrflow-roots-")));
  root = path.join(base, "r");
  second = path.join(base, "s");
  await mkdir(path.join(root, "sub"), { recursive: true });
  await mkdir(second);
  await mkdir(path.join(base, "r-evil"));
  await writeFile(path.join(root, "a.md"), "a");
  await writeFile(path.join(second, "b.md"), "b");
  await writeFile(path.join(base, "r-evil", "c.md"), "c");
  await symlink(path.join(base, "r-evil", "c.md"), path.join(root, "link.md"));
  await symlink(path.join(root, "a.md"), path.join(root, "inner-link.md"));
});
afterAll(() => rm(base, { recursive: true, force: true }));

const refusal = (given: string, roots: string[], use: "read" | "write") =>
  allowedPath(given, roots, use).then(
    (real) => `allowed ${real}`,
    (error: unknown) => {
      expect(error).toBeInstanceOf(PathRefused);
      expect((error as Error).name).toBe("PathRefused");
      return (error as Error).message;
    },
  );

describe("the MCP server's roots", () => {
  it("are the file:// URIs a client declares, as paths", () => {
    expect(rootsFromUris(["file:///tmp/a%20b", "https://x/y", "file:///srv"])).toEqual([
      "/tmp/a b",
      "/srv",
    ]);
  });

  it("hold a path under them or themselves, not a sibling sharing their prefix", () => {
    expect(inside("/tmp/r", "/tmp/r")).toBe(true);
    expect(inside("/tmp/r/x", "/tmp/r")).toBe(true);
    expect(inside("/tmp/r/x", "/tmp/r/")).toBe(true);
    expect(inside("/tmp/r-evil", "/tmp/r")).toBe(false);
    expect(inside("/tmp", "/tmp/r")).toBe(false);
  });

  it("open no file when there is none", async () => {
    expect(await refusal("a.md", [], "read")).toBe(NO_ROOTS);
  });

  it("read a file under a root, relative paths from the first, links followed to their target", async () => {
    expect(await refusal("a.md", [root, second], "read")).toBe(
      `allowed ${path.join(root, "a.md")}`,
    );
    expect(await refusal(path.join(second, "b.md"), [root, second], "read")).toBe(
      `allowed ${path.join(second, "b.md")}`,
    );
    expect(await refusal("inner-link.md", [root], "read")).toBe(
      `allowed ${path.join(root, "a.md")}`,
    );
    expect(await refusal("sub/../a.md", [root], "read")).toBe(`allowed ${path.join(root, "a.md")}`);
  });

  it("refuse a file outside every root, through a link too, naming the roots", async () => {
    const outside = `is outside the allowed roots (${root}): work under a root, or start seekrflow-mcp with --root for this folder`;
    expect(await refusal("../r-evil/c.md", [root], "read")).toBe(`../r-evil/c.md ${outside}`);
    expect(await refusal("link.md", [root], "read")).toBe(`link.md ${outside}`);
    expect(await refusal(path.join(base, "r-evil", "new.md"), [root], "write")).toBe(
      `${path.join(base, "r-evil", "new.md")} ${outside}`,
    );
  });

  it("say a file to read does not exist, and a folder to write in does not", async () => {
    expect(await refusal("nope.md", [root], "read")).toBe("nope.md does not exist");
    expect(await refusal("none/new.md", [root], "write")).toBe(
      "the folder of none/new.md does not exist: create it first, or name a file in a folder that does",
    );
  });

  it("refuse a NUL byte", async () => {
    expect(await refusal("a\0.md", [root], "read")).toBe(
      '"a\\u0000.md" holds a NUL byte: name a file',
    );
  });

  it("write a new or plain file only: never a folder, a root or a link", async () => {
    expect(await refusal("new.md", [root], "write")).toBe(`allowed ${path.join(root, "new.md")}`);
    expect(await refusal("a.md", [root], "write")).toBe(`allowed ${path.join(root, "a.md")}`);
    for (const folder of [".", "..", "sub/", "sub/.", "sub/..", ""])
      expect(await refusal(folder, [root], "write")).toBe(
        `${folder} names a folder: name the file to write, such as dataset.parquet`,
      );
    expect(await refusal("sub", [root], "write")).toBe(
      "sub is a folder: name the file to write in it",
    );
    expect(await refusal(second, [root, second], "write")).toBe(
      `${second} is a root itself: name a file in it`,
    );
    expect(await refusal("inner-link.md", [root], "write")).toBe(
      "inner-link.md is a symbolic link: it is never replaced; name another file",
    );
  });

  it("take a root that does not exist as it is written", async () => {
    const gone = path.join(base, "gone");
    expect(await refusal("a.md", [gone, root], "read")).toMatch(/^a\.md does not exist$/);
    expect(await refusal(path.join(root, "a.md"), [gone, root], "read")).toBe(
      `allowed ${path.join(root, "a.md")}`,
    );
  });
});
