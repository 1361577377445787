/**
 * Where the server may read and write local files: under the allowed roots, each path resolved
 * through symlinks first, so that a link cannot lead outside.
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A path outside the roots, or one that cannot be used. */
class PathRefused extends Error {
  override name = "PathRefused";
}

/** The roots an MCP client declares (`file://` URIs), as paths. */
export function rootsFromUris(uris: readonly string[]): string[] {
  return uris.filter((uri) => uri.startsWith("file://")).map((uri) => fileURLToPath(uri));
}

const inside = (child: string, parent: string) =>
  child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/**
 * The real path of `given` (relative paths from the first root) if it lies under one of `roots`;
 * for a file to write, its folder must exist and lie under one.
 */
export async function allowedPath(
  given: string,
  roots: readonly string[],
  use: "read" | "write",
): Promise<string> {
  if (roots.length === 0) throw new PathRefused("no roots are allowed: no local file can be used");
  const absolute = path.resolve(roots[0]!, given);
  let real: string;
  try {
    real =
      use === "read"
        ? await realpath(absolute)
        : path.join(await realpath(path.dirname(absolute)), path.basename(absolute));
  } catch {
    throw new PathRefused(
      use === "read"
        ? `${given} does not exist`
        : `the folder of ${given} does not exist: create it first`,
    );
  }
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
  if (!realRoots.some((root) => inside(real, root)))
    throw new PathRefused(
      `${given} is outside the allowed roots (${roots.join(", ")}): pass --root or work under a root`,
    );
  return real;
}
