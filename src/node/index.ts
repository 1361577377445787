/**
 * seekrflow-client/node: everything of `seekrflow-client`, with a `SeekrFlow` whose files take
 * paths (streamed from disk as they are sent) and download to paths. Node, Bun and Deno.
 */
export * from "../index.js";
export { SeekrFlow } from "./seekrflow.js";
export type { DownloadOptions, NodeFiles } from "./files.js";
export type { NodeUploadSource } from "./uploads.js";
