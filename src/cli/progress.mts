/**
 * How `watch` and `--wait` show a job moving: one live line with a bar on a terminal, a plain line
 * per change otherwise (logs, pipes, CI).
 */
import type { DataJobDetail } from "../types.js";

/** Where progress goes: stderr, so that stdout stays for results. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const BAR = 20;

/** One line describing the job: status, progress, ETA, step. */
export function describeProgress(job: DataJobDetail, bar: boolean): string {
  const alignment = job.alignment_job;
  const parts = [job.status.padEnd(15)];
  const progress =
    typeof alignment?.progress === "number"
      ? Math.max(0, Math.min(100, alignment.progress))
      : undefined;
  if (progress !== undefined) {
    const filled = Math.round((progress / 100) * BAR);
    parts.push(
      bar
        ? `${"█".repeat(filled)}${"░".repeat(BAR - filled)} ${String(Math.round(progress)).padStart(3)}%`
        : `${Math.round(progress)}%`,
    );
  }
  const eta = etaOf(alignment);
  if (eta) parts.push(`ETA ${eta}`);
  if (alignment?.current_step) parts.push(alignment.current_step);
  if (job.status_message) parts.push(job.status_message);
  return parts.join("  ");
}

/** Returns an `onProgress` that draws on `stream`, and a `done` that ends the live line. */
export function progressReporter(
  stream: ProgressStream,
  id: string,
): { onProgress: (job: DataJobDetail) => void; done: () => void } {
  const live = stream.isTTY === true;
  let drawn = false;
  if (live) stream.write(`following ${id} (Ctrl-C stops following; the job goes on)\n`);
  return {
    onProgress(job) {
      if (live) {
        // The id is long and the line must fit: the live line shows where the job is, not which.
        const line = describeProgress(job, true);
        const width = (stream.columns || 100) - 1;
        stream.write(`\r${line.slice(0, width).padEnd(width)}`);
        drawn = true;
      } else stream.write(`${new Date().toISOString()}  ${id}  ${describeProgress(job, false)}\n`);
    },
    done() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}

/** Time left as the job says: from `estimated_completion_at`, else `eta_minutes`, else none. */
function etaOf(alignment: DataJobDetail["alignment_job"], now = Date.now()): string | undefined {
  const at = alignment?.estimated_completion_at
    ? Date.parse(alignment.estimated_completion_at)
    : NaN;
  if (Number.isFinite(at)) {
    const seconds = Math.max(0, Math.round((at - now) / 1000));
    return seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
  }
  const minutes = alignment?.eta_minutes;
  if (typeof minutes !== "number" || !Number.isFinite(minutes)) return undefined;
  return minutes < 1 ? "under 1 min" : `${Math.round(minutes)} min`;
}
