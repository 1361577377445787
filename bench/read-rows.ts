/**
 * `readRows` (seekrflow-client/datasets) over a 100,000-row Parquet file from a path, against
 * hyparquet's own `parquetReadObjects` of the whole file in the same run: rows per second
 * (target within 1.2×) and the heap each holds at its peak while reading (sampled every 1,000
 * rows for readRows; the whole result for parquetReadObjects).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { readRows } from "../src/datasets/index.js";
import { fixed, table } from "./support.js";

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

/** Runs the benchmark and returns its Markdown section. */
export async function benchReadRows({ rows = 100_000, rounds = 5 } = {}): Promise<{
  markdown: string;
  ratios: Record<string, number>;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-read-rows-"));
  const file = path.join(dir, "dataset.parquet");
  try {
    const text = (i: number) => `What does section ${i} of the handbook say? `.repeat(3);
    await writeFile(
      file,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            {
              name: "question",
              data: Array.from({ length: rows }, (_, i) => text(i)),
              type: "STRING",
            },
            {
              name: "answer",
              data: Array.from({ length: rows }, (_, i) => `It says ${i}.`),
              type: "STRING",
            },
            { name: "n", data: Array.from({ length: rows }, (_, i) => i), type: "INT32" },
          ],
          rowGroupSize: 10_000,
        }),
      ),
    );
    const times = { ours: [] as number[], theirs: [] as number[] };
    let peak = { ours: 0, theirs: 0 };
    for (let round = 0; round <= rounds; round++) {
      // Interleaved, the first round a warm-up: the machine's noise falls on both alike.
      let base = heap();
      let started = performance.now();
      let count = 0;
      let most = 0;
      for await (const row of readRows(file)) {
        if (++count % 1000 === 0) most = Math.max(most, process.memoryUsage().heapUsed - base);
        void row;
      }
      if (count !== rows) throw new Error(`readRows read ${count} rows, not ${rows}`);
      if (round > 0) times.ours.push(performance.now() - started);
      peak.ours = Math.max(peak.ours, most);
      base = heap();
      started = performance.now();
      const all = await parquetReadObjects({ file: await asyncBufferFromFile(file) });
      if (round > 0) times.theirs.push(performance.now() - started);
      peak.theirs = Math.max(peak.theirs, process.memoryUsage().heapUsed - base);
      if (all.length !== rows) throw new Error(`parquetReadObjects read ${all.length} rows`);
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const ours = rows / (median(times.ours) / 1000);
    const theirs = rows / (median(times.theirs) / 1000);
    const mb = (bytes: number) => fixed(bytes / 2 ** 20, 1);
    return {
      markdown: [
        "### Reading a dataset",
        "",
        `${rows.toLocaleString("en")} rows of Parquet (3 columns, row groups of 10,000) from a path, median of ${rounds} interleaved rounds. Target: readRows within 1.2× of parquetReadObjects in rows per second.${gc ? "" : " Heap figures without --expose-gc are rough."}`,
        "",
        table(
          ["what", "rows/s", "÷ parquetReadObjects (time)", "peak heap MB"],
          [
            [
              "hyparquet parquetReadObjects (the whole file)",
              Math.round(theirs),
              "1.00",
              mb(peak.theirs),
            ],
            [
              "readRows (a row group at a time)",
              Math.round(ours),
              fixed(theirs / ours),
              mb(peak.ours),
            ],
          ],
        ),
      ].join("\n"),
      ratios: { "readRows ÷ parquetReadObjects (time per row)": theirs / ours },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log((await benchReadRows()).markdown);
