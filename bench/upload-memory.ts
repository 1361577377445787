/**
 * Memory while uploading: the peak RSS of a process that uploads a 1 MB file and a 300 MB file
 * from a path, each in a fresh process, through the client and through Node's fetch with a
 * file-backed Blob (what the client did before). The figure that matters is the difference
 * between the two sizes: a client that streams keeps it flat.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fixed, root, startBenchServer, table } from "./support.js";

function peakOf(url: string, file: string, how: "client" | "fetch"): Promise<number> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(root, "bench/upload-client.ts"), url, file, how],
      { cwd: root },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout).peakMb as number)),
    ),
  );
}

/** Runs the benchmark and returns its Markdown section. */
export async function benchUploadMemory({ bigMb = 300, rounds = 2 } = {}): Promise<{
  markdown: string;
  ratios: Record<string, number>;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-upload-bench-"));
  const server = await startBenchServer();
  try {
    const small = path.join(dir, "small.bin");
    const big = path.join(dir, "big.bin");
    await writeFile(small, Buffer.alloc(1024 * 1024, 1));
    await writeFile(big, "");
    await truncate(big, bigMb * 1024 * 1024);
    const rows = [];
    const growth: Record<string, number> = {};
    for (const how of ["client", "fetch"] as const) {
      let smallPeak = Infinity;
      let bigPeak = Infinity;
      for (let round = 0; round < rounds; round++) {
        smallPeak = Math.min(smallPeak, await peakOf(server.url, small, how));
        bigPeak = Math.min(bigPeak, await peakOf(server.url, big, how));
      }
      growth[how] = bigPeak - smallPeak;
      rows.push([
        how === "client" ? "flow.files.upload(path)" : "Node fetch + FormData(openAsBlob)",
        fixed(smallPeak, 0),
        fixed(bigPeak, 0),
        fixed(bigPeak - smallPeak, 0),
      ]);
    }
    return {
      markdown: [
        `### Memory while uploading ${bigMb} MB`,
        "",
        `Peak RSS of a fresh process uploading from a path (best of ${rounds}), in MB. The last column is what the big file costs over the small one.`,
        "",
        table(["upload", "1 MB file", `${bigMb} MB file`, "growth"], rows),
      ].join("\n"),
      ratios: {
        [`upload memory growth, 1 MB → ${bigMb} MB (MB, client)`]: growth.client!,
        [`upload memory growth, 1 MB → ${bigMb} MB (MB, Node fetch + Blob)`]: growth.fetch!,
      },
    };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { markdown } = await benchUploadMemory();
  console.log(markdown);
}
