/**
 * `SeekrFlow` on Node: the same client, whose `files` also take paths and download to paths.
 */
import type { Caller } from "../core/call.js";
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
  // Bundled beside the portable class, this one would be renamed `SeekrFlow2` in dist/.
  static {
    Object.defineProperty(this, "name", { value: "SeekrFlow" });
  }

  /** Files: upload documents (paths too), download datasets to a path. */
  declare readonly files: NodeFiles;

  /** @internal */
  protected override filesFor(caller: Caller): NodeFiles {
    return new NodeFiles(caller, nodeUploads);
  }
}
