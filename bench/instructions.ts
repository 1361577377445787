/**
 * Instructions per request, counted by valgrind's callgrind: unlike time, the count does not move
 * with the load of a shared machine. Each client runs W and W + N requests against the bench server,
 * one at a time and then 64 in flight; the difference over N is the steady-state cost of one
 * request, warm-up and JIT compilation excluded. Needs valgrind (Debian's package) and `npm run compile`.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fixed, root, startBenchServer, table } from "./support.js";

const CLIENTS = ["raw", "openapi-fetch", "facade", "facade, no timeout"] as const;

/** Total instructions of one run of the client, from callgrind's summary. */
function collected(client: string, requests: number, port: string, workers: number): number {
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
      String(workers),
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
    const perRequest = (workers: number): Map<string, number> =>
      new Map(
        CLIENTS.map((client) => {
          const before = collected(client, warmup, port, workers);
          return [
            client,
            (collected(client, warmup + measured, port, workers) - before) / measured,
          ];
        }),
      );
    const [sequential, concurrent] = [perRequest(1), perRequest(64)];
    const ratio = (counts: Map<string, number>, client: string): number =>
      counts.get(client)! / counts.get("raw")!;
    const rows = CLIENTS.map((c) => [
      c,
      Math.round(sequential.get(c)!).toLocaleString("en"),
      fixed(ratio(sequential, c)),
      Math.round(concurrent.get(c)!).toLocaleString("en"),
      fixed(ratio(concurrent, c)),
    ]);
    return {
      markdown: [
        "### Instructions per request (callgrind)",
        "",
        `Steady state: requests ${warmup + 1} to ${warmup + measured}, one at a time and 64 in flight, plain node (\`--single-threaded\`) on the compiled package. Counts do not depend on the machine's load. "No timeout" is the facade with \`timeoutMs: Infinity\`: no timer and no controller of its own. The facade's client CPU per call, against bare openapi-fetch, is the ratio of their counts.`,
        "",
        table(["client", "sequential", "÷ raw fetch", "64 in flight", "÷ raw fetch"], rows),
      ].join("\n"),
      ratios: {
        "facade/openapi-fetch instructions per request, sequential (callgrind)":
          sequential.get("facade")! / sequential.get("openapi-fetch")!,
        "facade/openapi-fetch instructions per request, 64 in flight (callgrind)":
          concurrent.get("facade")! / concurrent.get("openapi-fetch")!,
        "facade/raw instructions per request, sequential (callgrind)": ratio(sequential, "facade"),
        "facade/raw instructions per request, 64 in flight (callgrind)": ratio(
          concurrent,
          "facade",
        ),
        "facade without timeout/raw instructions per request, sequential (callgrind)": ratio(
          sequential,
          "facade, no timeout",
        ),
      },
    };
  } finally {
    await server.stop();
  }
}
