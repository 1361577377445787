/**
 * Following a data job from the command line, written once for `watch`, `create --wait`,
 * `start --wait` and `demo`: polls with a live progress line, and ends the command with exit 5
 * (and the next step) when the job ends where it was not meant to, or waits for its owner.
 */
import { DataJobStateError } from "../resources/job-errors.js";
import { TERMINAL_STATUSES } from "../resources/wait.js";
import type { AnyDataJobStatus, DataJobDetail } from "../types.js";
import type { CommandContext } from "./command.mjs";
import { objectLines, shellCommand } from "./output.mjs";
import { progressReporter } from "./progress.mjs";

/**
 * How to follow: the status to wait for (default: one it never leaves), a fixed poll interval,
 * and the longest the whole wait may take (`--wait-timeout`).
 */
export interface FollowOptions {
  until?: AnyDataJobStatus | undefined;
  intervalMs?: number | undefined;
  timeoutMs?: number | undefined;
}

/** Follows job `id` until `until` (default: a terminal status) with a live line, and returns it. */
export async function follow(
  context: Pick<CommandContext, "flow" | "progress" | "signal">,
  id: string,
  { until, intervalMs, timeoutMs }: FollowOptions = {},
): Promise<DataJobDetail> {
  const reporter = progressReporter(context.progress, id);
  try {
    return await context.flow().dataJobs.waitFor(id, {
      ...(until ? { until } : {}),
      ...(intervalMs === undefined ? {} : { intervalMs, maxIntervalMs: intervalMs }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      onProgress: reporter.onProgress,
      signal: context.signal,
    });
  } finally {
    reporter.done();
  }
}

/**
 * Follows the job and prints it; one that ended other than completed (when no `until` was
 * asked for) fails the command with exit 5, as one that waits for its owner already does.
 */
export async function followToEnd(
  context: CommandContext,
  id: string,
  options: FollowOptions = {},
): Promise<DataJobDetail> {
  const job = await follow(context, id, options);
  context.result(job, () => objectLines(job));
  if (!options.until && job.status !== "completed" && TERMINAL_STATUSES.includes(job.status))
    throw new DataJobStateError(job, "reach completed");
  return job;
}

/** The command that moves a job on from where it waits for its owner, for people. */
export function nextCommand(job: { id: string; status: string }): string | undefined {
  if (job.status === "ready_to_start") return shellCommand(["data-jobs", "start", job.id]);
  if (job.status === "needs_review")
    return `${shellCommand(["data-jobs", "get", job.id])} shows what to fix; then remove-files, add-files or update, and ${shellCommand(["data-jobs", "watch", job.id, "--until", "ready_to_start"])}`;
  return undefined;
}
