/**
 * An upload the server answers before reading its body (413 over its limit) is reported as that
 * answer, not a broken pipe or "may have taken effect": by the library (a path, several paths, a
 * Blob), the command line and the MCP server.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.mjs";
import { APIError, SeekrFlow } from "../src/node/index.js";
import { connectInMemory, flowOn, text } from "./support/mcp.js";
import { useStandIn, useTempDir } from "./support/set-up.js";

const KEY = "sk-early-123456";
const server = useStandIn({ apiKey: KEY, maxBodyBytes: 64 * 1024 });
const dir = useTempDir("seekrflow-early-");
const big = path.join(dir, "big.md");
beforeAll(() => writeFile(big, Buffer.alloc(8 * 1024 * 1024, "a")));

describe("an early answer to an upload", () => {
  it("is the answer for the library: a path, several paths, a Blob", async () => {
    const flow = new SeekrFlow({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    const errors = [
      await flow.files.upload(big, { purpose: "alignment" }).catch((e: unknown) => e),
      await flow.files
        .uploadTogether([big, big], { purpose: "alignment" })
        .catch((e: unknown) => e),
      await flow.files
        .upload(
          { filename: "big.md", data: new Blob([Buffer.alloc(1 << 20)]) },
          { purpose: "alignment" },
        )
        .catch((e: unknown) => e),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status: 413 });
      expect((error as Error).message).toContain("Request body over 65536 bytes");
      expect((error as Error).message).not.toMatch(/may have taken effect|EPIPE|ECONNRESET/);
    }
  });

  it("is the answer for the command line (exit 3, the status and its detail)", async () => {
    let stderr = "";
    const io = {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t) },
      env: { SEEKR_API_KEY: KEY, SEEKR_BASE_URL: server.url },
    };
    const code = await main(["files", "upload", big], io, new AbortController().signal);
    expect(code).toBe(3);
    expect(stderr).toContain("413");
    expect(stderr).toContain("Request body over 65536 bytes");
    expect(stderr).not.toMatch(/may have taken effect|EPIPE/);
  });

  it("is the answer for the MCP server's upload tools", async () => {
    const { call, close } = await connectInMemory({ flow: flowOn(server.url, KEY), roots: [dir] });
    try {
      for (const [name, args] of [
        ["upload_file", { path: "big.md", purpose: "alignment" }],
        ["upload_files", { paths: ["big.md", "big.md"], purpose: "alignment" }],
      ] as const) {
        const result = await call(name, args);
        expect(result.isError, name).toBe(true);
        expect(text(result), name).toMatch(/failed with 413: Request body over 65536 bytes/);
        expect(text(result), name).not.toMatch(/may have taken effect|EPIPE/);
      }
    } finally {
      await close();
    }
  });
});
