/**
 * `seekrflow demo`: the whole workflow against the stand-in server on a free loopback port, with
 * the two sample documents that ship in the package. No key, no network.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { SeekrFlow } from "../node/seekrflow.js";
import type { Workflow } from "./command.mjs";
import { follow } from "./follow.mjs";

/** The package's samples/ folder: the first found going up from this module (src/ or dist/). */
function samplesFolder(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const samples = path.join(dir, "samples");
    if (existsSync(path.join(samples, "handbook.md"))) return samples;
    if (path.dirname(dir) === dir) throw new Error("the package's samples/ folder is missing");
  }
}

/** `seekrflow demo`. */
export const demo: Workflow = {
  summary:
    "Run the whole workflow against a local stand-in server: upload, create, add files, wait, start, watch, outputs.",
  flags: {
    speed: {
      type: "integer",
      value: "N",
      minimum: 1,
      maximum: 1000,
      describe: "run the lifecycle N times faster (default 1)",
    },
  },
  examples: [["demo"], ["demo", "--json"]],
  callsApi: false,
  async run(context) {
    const speed = (context.values.speed as number | undefined) ?? 1;
    // Loaded when the demo runs: the stand-in and its validators are no part of other commands.
    const { startStandIn } = await import("../testing/index.js");
    const server = await startStandIn({
      ingestionMs: 1500 / speed,
      queueMs: 1000 / speed,
      runMs: 4000 / speed,
    });
    try {
      context.say(`stand-in SeekrFlow server on ${server.url} (nothing leaves this machine)`);
      const flow = new SeekrFlow({
        apiKey: "demo-key",
        baseUrl: server.url,
        teamId: "",
        logger: () => {},
      });
      const demoContext = { ...context, flow: () => flow };
      context.onInterrupt("The demo stopped; its stand-in server and everything in it are gone.");
      const files = await flow.files.uploadMany(
        ["handbook.md", "benefits.md"].map((name) => path.join(samplesFolder(), name)),
        { purpose: "alignment", signal: context.signal },
      );
      for (const file of files) context.say(`uploaded ${file.filename} as ${file.id}`);
      const job = await flow.dataJobs.create(
        {
          name: "Acme handbook QA",
          job_type: "principle_files",
          instructions: "Questions a new employee asks about leave and benefits.",
        },
        { signal: context.signal },
      );
      context.say(`created data job ${job.id}`);
      await flow.dataJobs.addFiles(
        job.id,
        { file_ids: files.map((f) => f.id) },
        { signal: context.signal },
      );
      const intervalMs = Math.max(20, 250 / speed);
      await follow(demoContext, job.id, { until: "ready_to_start", intervalMs });
      await flow.dataJobs.start(job.id, { signal: context.signal });
      context.say(`started ${job.id}`);
      const done = await follow(demoContext, job.id, { intervalMs });
      const outputs = await flow.dataJobs.outputs(job.id, { signal: context.signal });
      const dataset = outputs.find((o) => o.purpose === "fine-tune");
      context.result({ job: done, outputs }, () =>
        [
          `data job ${done.id} ${done.status}`,
          ...outputs.map((o) => `output ${o.id}  ${o.purpose}  ${o.bytes} bytes  ${o.filename}`),
          `dataset: ${dataset?.filename ?? "none"}`,
        ].join("\n"),
      );
    } finally {
      await server.close();
    }
  },
};
