/**
 * `seekrflow stand-in`: the stand-in server (seekrflow-client/testing) as a process on
 * 127.0.0.1, for trying the API offline from the command line, curl or another language. Its
 * base URL is the first line on stdout; Ctrl-C or SIGTERM stops it cleanly (exit 0).
 */
import { variableFor } from "../core/config.js";
import type { Flag, Workflow } from "./command.mjs";
import { UsageError } from "./exit-codes.mjs";

/** A stand-in lifecycle duration: how long one step of a job takes. */
const step = (what: string, ms: number): Flag => ({
  type: "duration",
  value: "TIME",
  minimum: 0,
  maximum: 86_400_000,
  describe: `how long ${what} (default ${ms}ms)`,
});

/** `seekrflow stand-in`. */
export const standIn: Workflow = {
  summary:
    "Serve the stand-in SeekrFlow API on 127.0.0.1 until Ctrl-C: its base URL is the first line on stdout. Nothing leaves this machine.",
  description: `Point ${variableFor("baseUrl")} at the printed URL to try every command offline. Jobs move through their statuses on the real clock, as fast as the timing flags say.`,
  flags: {
    port: {
      type: "integer",
      value: "N",
      minimum: 0,
      maximum: 65_535,
      describe: "the port on 127.0.0.1 (default: a free one)",
    },
    "api-key": {
      type: "string",
      value: "KEY",
      describe: "the only key accepted (default: any key that is not empty)",
    },
    ingestion: step("attached files take to ingest", 200),
    queue: step("a started job stays queued", 100),
    run: step("generating a dataset takes", 500),
  },
  examples: [
    ["stand-in"],
    ["stand-in", "--port", "8787", "--api-key", "sk-local"],
    ["stand-in", "--run", "30s"],
  ],
  callsApi: false,
  async run(context) {
    const { values } = context;
    const apiKey = values["api-key"] as string | undefined;
    if (apiKey !== undefined && (apiKey === "" || /^bearer\s/i.test(apiKey)))
      throw new UsageError("--api-key must be a key, not empty and without a Bearer prefix");
    // Loaded when it runs: the stand-in and its validators are no part of other commands.
    const { startStandIn } = await import("../testing/index.js");
    const server = await startStandIn({
      ...(values.port === undefined ? {} : { port: values.port as number }),
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(values.ingestion === undefined ? {} : { ingestionMs: values.ingestion as number }),
      ...(values.queue === undefined ? {} : { queueMs: values.queue as number }),
      ...(values.run === undefined ? {} : { runMs: values.run as number }),
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE")
        throw new UsageError(`port ${values.port} is taken on 127.0.0.1: give another, or none`);
      throw error;
    });
    context.stdout.write(`${server.url}\n`);
    context.say(
      `stand-in SeekrFlow API on ${server.url} (accepting ${apiKey === undefined ? "any key" : "the --api-key given"}); Ctrl-C stops it`,
    );
    try {
      await new Promise<void>((resolve) => {
        if (context.signal.aborted) return resolve();
        context.signal.addEventListener("abort", () => resolve(), { once: true });
      });
    } finally {
      await server.close();
    }
    context.say(`stopped; it served ${server.requests.length} request(s)`);
  },
};
