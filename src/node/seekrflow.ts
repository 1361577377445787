/**
 * `SeekrFlow` on Node: the same client, whose `files` also take paths and download to paths.
 */
import type { ClientOptions } from "../core/config.js";
import { SeekrFlow as PortableSeekrFlow } from "../seekrflow.js";
import { NodeFiles } from "./files.js";
import { type NodeUploadSource, nodeUploads } from "./uploads.js";

/**
 * The SeekrFlow data jobs client for Node (also Bun and Deno): as `seekrflow-client`'s, plus
 * uploads from a file path, streamed from disk, and atomic downloads to a path.
 *
 * ```ts
 * import { SeekrFlow } from "seekrflow-client/node";
 * const flow = new SeekrFlow();
 * const file = await flow.files.upload("./handbook.pdf", { purpose: "alignment" });
 * ```
 */
export class SeekrFlow extends PortableSeekrFlow<NodeUploadSource> {
  /** Files: upload documents (paths too), download datasets to a path. */
  declare readonly files: NodeFiles;

  /** Reads missing options from SEEKR_API_KEY, SEEKR_BASE_URL and SEEKR_TEAM_ID; throws if there is no key. */
  constructor(options?: ClientOptions) {
    super(options, (caller) => new NodeFiles(caller, nodeUploads));
  }
}
