/**
 * Instructions per request, counted by valgrind's callgrind: unlike time, the count does not move
 * with the load of a shared machine. Each client runs W and W + N sequential requests against the
 * bench server; the difference over N is the steady-state cost of one request, warm-up and JIT
 * compilation excluded. Needs valgrind (Debian's package) and `npm run compile`.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fixed, root, startBenchServer, table } from "./support.js";

const CLIENTS = ["raw", "openapi-fetch", "facade"] as const;

/** Total instructions of one run of the client, from callgrind's summary. */
function collected(client: string, requests: number, port: string): number {
  const run = spawnSync(
    "valgrind",
    [
      "--tool=callgrind",
      "--callgrind-out-file=/dev/null",
      process.execPath,
      // No background GC or compiler threads: their share of the count varies from run to run.
      "--single-threaded",
      path.join(root, "bench/instructions-client.mjs"),
      client,
      String(requests),
      port,
    ],
    { cwd: root, encoding: "utf8" },
  );
  const total = /Collected\s*:\s*(\d+)/.exec(run.stderr ?? "")?.[1];
  if (run.status !== 0 || !total)
    throw new Error(`callgrind run failed (is valgrind installed?):\n${run.error ?? run.stderr}`);
  return Number(total);
}

/** Runs the benchmark and returns its Markdown section. */
export async function benchInstructions({ warmup = 1200, measured = 2000 } = {}): Promise<{
  markdown: string;
  ratios: Record<string, number>;
}> {
  const server = await startBenchServer();
  try {
    const port = new URL(server.url).port;
    const perRequest = new Map<string, number>();
    for (const client of CLIENTS) {
      const before = collected(client, warmup, port);
      perRequest.set(client, (collected(client, warmup + measured, port) - before) / measured);
    }
    const floor = perRequest.get("raw")!;
    const rows = CLIENTS.map((c) => [
      c,
      Math.round(perRequest.get(c)!).toLocaleString("en"),
      fixed(perRequest.get(c)! / floor),
    ]);
    return {
      markdown: [
        "### Instructions per request (callgrind)",
        "",
        `Steady state: requests ${warmup + 1} to ${warmup + measured}, sequential, plain node (\`--single-threaded\`) on the compiled package. Counts do not depend on the machine's load.`,
        "",
        table(["client", "instructions per request", "÷ raw fetch"], rows),
      ].join("\n"),
      ratios: {
        "facade/raw instructions per request (steady state, callgrind)":
          perRequest.get("facade")! / floor,
      },
    };
  } finally {
    await server.stop();
  }
}
