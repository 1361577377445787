/**
 * After tshy: what the package ships beside dist/. `openapi.json`, the bundled document (the
 * `seekrflow-client/openapi.json` export, for consumers' own tools), and, for resolvers that
 * predate `exports` (TypeScript's `node10`, old bundlers), a folder per subpath whose package.json
 * points at the CommonJS build: `node/package.json`, `testing/package.json`. Both are written from
 * package.json's exports map and the document, never by hand.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { bundle } from "./api-changes.js";
import { documentPath, root } from "./generate.js";

type Target = { types: string; default: string };
const { exports } = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
  exports: Record<string, string | { require?: Target }>;
};

bundle(documentPath, path.join(root, "openapi.json"));

/** The subpaths that old resolvers reach through a folder of that name. */
const LEGACY_FOLDERS = Object.entries(exports).flatMap(([subpath, target]) =>
  subpath !== "." && typeof target === "object" && target.require
    ? [{ folder: subpath.slice(2), require: target.require }]
    : [],
);

for (const { folder, require } of LEGACY_FOLDERS) {
  const up = (file: string) => path.posix.join(path.posix.relative(folder, "."), file);
  await mkdir(path.join(root, folder), { recursive: true });
  await writeFile(
    path.join(root, folder, "package.json"),
    `${JSON.stringify({ main: up(require.default), types: up(require.types) }, null, 2)}\n`,
  );
}
