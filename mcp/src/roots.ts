/**
 * Where the server may read and write local files: under the allowed roots only (the operator's
 * `--root` folders, or the roots the client declares; never a default), each path resolved
 * through symlinks first, so that a link cannot lead outside. A file to write is checked before
 * anything is sent: its folder exists under a root, and it is not a folder, a root or a link.
 */
import { lstat, realpath } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A path outside the roots, or one that cannot be used. */
export class PathRefused extends Error {
  override name = "PathRefused";
}

/** What the file tools answer when no root was given. */
export const NO_ROOTS =
  "No folder is open to local files: start seekrflow-mcp with --root DIR (repeatable) for the folders it may read and write, or use a client that declares its roots";

/** The roots an MCP client declares (`file://` URIs), as paths. */
export function rootsFromUris(uris: readonly string[]): string[] {
  return uris.filter((uri) => uri.startsWith("file://")).map((uri) => fileURLToPath(uri));
}

/** Whether `child` is `parent` or lies under it (a sibling sharing its prefix does not). */
export const inside = (child: string, parent: string): boolean =>
  child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

const exists = (file: string) =>
  lstat(file).then(
    (stats) => stats,
    () => undefined,
  );

/**
 * The real path of `given` (relative paths from the first root) if it lies under one of `roots`.
 * For `write`, `given` must name a file: not a folder (`.`, `x/..`, a trailing `/`, an existing
 * folder), not a root, not an existing symbolic link (never replaced), in a folder that exists.
 */
export async function allowedPath(
  given: string,
  roots: readonly string[],
  use: "read" | "write",
): Promise<string> {
  if (roots.length === 0) throw new PathRefused(NO_ROOTS);
  if (given.includes("\0"))
    throw new PathRefused(`${JSON.stringify(given)} holds a NUL byte: name a file`);
  if (use === "write" && /(^|[\\/])\.{0,2}$/.test(given))
    throw new PathRefused(
      `${given} names a folder: name the file to write, such as dataset.parquet`,
    );
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
        : `the folder of ${given} does not exist: create it first, or name a file in a folder that does`,
    );
  }
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
  if (!realRoots.some((root) => inside(real, root)))
    throw new PathRefused(
      `${given} is outside the allowed roots (${roots.join(", ")}): work under a root, or start seekrflow-mcp with --root for this folder`,
    );
  if (use === "write") {
    if (realRoots.includes(real))
      throw new PathRefused(`${given} is a root itself: name a file in it`);
    const found = await exists(real);
    if (found?.isSymbolicLink())
      throw new PathRefused(`${given} is a symbolic link: it is never replaced; name another file`);
    if (found?.isDirectory())
      throw new PathRefused(`${given} is a folder: name the file to write in it`);
  }
  return real;
}
