/**
 * Uploads on Node: a path stays on disk until it is sent (and is read again for a retry), a stream
 * goes to the socket as it is read (once), and forms go through ./stream-fetch.ts, which sends a
 * part only as fast as the socket takes it.
 */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { basename } from "node:path";
import { InvalidRequestError } from "../core/errors.js";
import type { OperationId } from "../generated/operations.js";
import { partOrStream, type UploadSource, type UploadSupport } from "../resources/upload-source.js";
import { CountingFile, DiskFile, StreamFile } from "./disk-file.js";

/** What `files.upload` takes on Node: a file path, or any source the portable client takes. */
export type NodeUploadSource = string | UploadSource;

/** Uploads on Node: paths, parts read as they are sent, progress by the byte. */
export const nodeUploads: UploadSupport<NodeUploadSource> = {
  async part(source, operation) {
    if (typeof source === "string") {
      const size = await checkReadableFile(source, operation);
      return { file: new DiskFile(source, size, basename(source)), once: false };
    }
    const part = partOrStream(source, operation);
    if ("file" in part) return part;
    // A stream is read once: sending it again would send nothing.
    return { file: new StreamFile(part.stream as never, part.filename), once: true };
  },
  counted: (files, report) =>
    files.map(
      (file, i) =>
        new CountingFile(file, (loaded) =>
          report(i, { loaded, total: file.size as number | undefined }),
        ),
    ),
  // node:http and node:https load with the first upload, not with the package.
  fetch: async (input, init) => (await import("./stream-fetch.js")).streamingFetch(input, init),
};

/**
 * Rejects a path that is missing, not a file, or not readable, naming it as `shown` (the path
 * itself unless told); resolves with its size.
 */
export async function checkReadableFile(
  path: string,
  operation: OperationId,
  shown = path,
): Promise<number> {
  const problem = (message: string): InvalidRequestError =>
    new InvalidRequestError(operation, [{ field: "source", rule: "file", message }]);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw problem(`${JSON.stringify(shown)} does not exist`);
  if (!info.isFile()) throw problem(`${JSON.stringify(shown)} is not a file`);
  // Stryker disable BlockStatement,StringLiteral: root, as CI runs, can read any file, so no test can make one unreadable.
  await access(path, constants.R_OK).catch(() => {
    throw problem(`${JSON.stringify(shown)} cannot be read (check its permissions)`);
  });
  // Stryker restore BlockStatement,StringLiteral
  return info.size;
}
