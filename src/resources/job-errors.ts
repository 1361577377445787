/**
 * The errors about a data job's state rather than a request: it is where what was asked cannot
 * follow (`DataJobStateError`, with the server's reasons gathered from the job), or a wait ran out
 * of time (`WaitTimeoutError`). Beside the waiting and the outputs that throw them.
 */
import { SeekrFlowError } from "../core/errors.js";
import { needsUserSteps } from "../generated/operations.js";
import type { DataJobDetail } from "../types.js";

/**
 * The job is where what was asked cannot follow by itself: it ended (failed, cancelled, …) or it
 * waits for its owner (`needs_review`: fix it; `ready_to_start`: start it).
 */
export class DataJobStateError extends SeekrFlowError {
  override name = "DataJobStateError";
  /** The job as last seen. */
  readonly job: DataJobDetail;
  /** What the server said about why: status messages, failed ingestion records and their fixes, each once. */
  readonly reasons: string[];
  /** What the job's owner does next, when the job waits for them; undefined when it ended. */
  readonly nextStep: string | undefined;

  /** `goal` says what cannot happen, as in "reach completed" or "have outputs". */
  constructor(job: DataJobDetail, goal: string) {
    const reasons = reasonsOf(job);
    const nextStep: string | undefined = (needsUserSteps as Record<string, string>)[job.status];
    super(
      `Data job ${job.id} is ${job.status}, so it will not ${goal}` +
        (nextStep ? ` until its owner acts: ${nextStep}` : "") +
        (reasons.length ? `. ${reasons.join("; ")}` : "."),
    );
    this.job = job;
    this.reasons = reasons;
    this.nextStep = nextStep;
  }
}

/** The wait took longer than its `timeoutMs`; the job goes on. */
export class WaitTimeoutError extends SeekrFlowError {
  override name = "WaitTimeoutError";
  /** The id of the job waited for. */
  readonly dataJobId: string;
  /** The job as last seen. */
  readonly job: DataJobDetail | undefined;

  constructor(id: string, timeoutMs: number, job: DataJobDetail | undefined) {
    super(
      `Data job ${id} was still ${job?.status ?? "unknown"} after ${timeoutMs} ms; it goes on: wait again to keep following it.`,
    );
    this.dataJobId = id;
    this.job = job;
  }
}

/** Everything the server said about why a job is stuck or failed, each reason once. */
function reasonsOf(job: DataJobDetail): string[] {
  const reasons: string[] = [];
  if (job.status_message) reasons.push(job.status_message);
  if (job.alignment_job?.status_message) reasons.push(job.alignment_job.status_message);
  for (const ingestion of job.ingestion_jobs ?? []) {
    for (const record of ingestion.records ?? []) {
      if (!record.error_message && !record.suggested_fix) continue;
      const fix = record.suggested_fix ? ` (fix: ${record.suggested_fix})` : "";
      reasons.push(`${record.filename}: ${record.error_message ?? record.status}${fix}`);
    }
  }
  for (const file of job.files ?? []) {
    if (file.suggested_fix && !reasons.some((r) => r.includes(file.suggested_fix!))) {
      reasons.push(
        `${file.name ?? file.file_id}: ${file.status ?? "problem"} (fix: ${file.suggested_fix})`,
      );
    }
  }
  return [...new Set(reasons)];
}
