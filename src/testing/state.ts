/**
 * The stand-in's state: files and data jobs in memory, with statuses derived from the clock so
 * that nothing runs in the background (no timers to stop, no leaks).
 */
import { randomUUID } from "node:crypto";
import type { StandInClock } from "./clock.js";
import { datasetRows, type ParquetWriter, parquetOf, type SourceDocument } from "./dataset.js";
import type {
  AlignmentJobStatus,
  AlignmentOutput,
  DataJobCreateRequest,
  DataJobDetail,
  DataJobFile,
  DataJobUpdateRequest,
  FileObject,
  FilePurpose,
  IngestionJob,
} from "../types.js";

/** How the stand-in's lifecycle behaves. */
export interface LifecycleOptions {
  /** How long attached files take to ingest. @default 200 */
  ingestionMs?: number;
  /** How long a started job stays queued. @default 100 */
  queueMs?: number;
  /** How long generation runs, progress rising from 0 to 100. @default 500 */
  runMs?: number;
  /** Makes a file's ingestion fail: return the suggested fix for a file name, or undefined. */
  failIngestion?: (filename: string) => string | undefined;
  /** Makes a job's generation fail: return the status message for a job name, or undefined. */
  failGeneration?: (name: string) => string | undefined;
}

/** An uploaded file and its content, held once (the upload's own Blob, not a copy). */
export interface StoredFile {
  meta: FileObject;
  content: Blob;
}

interface StoredJob {
  request: DataJobCreateRequest;
  id: string;
  createdAt: number;
  updatedAt: number;
  fileIds: string[];
  filesAddedAt: number | undefined;
  startedAt: number | undefined;
  cancelledAt: number | undefined;
  /**
   * The dataset a started job will have: made when it starts, listed among the files once the
   * clock passes its completion (`publishDue`), and its output entry kept even if that file is
   * deleted later.
   */
  dataset: { file: StoredFile; output: AlignmentOutput; published: boolean } | undefined;
  originId: string | null;
}

const USER = "user-standin";
const iso = (ms: number): string => new Date(ms).toISOString();

/** The files and data jobs of one stand-in server. */
export class StandInState {
  readonly files = new Map<string, StoredFile>();
  readonly #jobs = new Map<string, StoredJob>();
  readonly #options: Required<Omit<LifecycleOptions, "failIngestion" | "failGeneration">> &
    LifecycleOptions;

  readonly #clock: StandInClock;
  readonly #writer: ParquetWriter;

  /** `writer` writes the datasets (hyparquet-writer, loaded by `startStandIn`). */
  constructor(clock: StandInClock, writer: ParquetWriter, options: LifecycleOptions = {}) {
    this.#clock = clock;
    this.#writer = writer;
    this.#options = { ingestionMs: 200, queueMs: 100, runMs: 500, ...options };
  }

  addFile(
    filename: string,
    purpose: FilePurpose,
    content: Blob,
    now = this.#clock.now(),
  ): FileObject {
    const id = `file-${randomUUID()}`;
    const meta: FileObject = {
      id,
      object: "file",
      created_at: iso(now),
      type: filename.includes(".") ? filename.split(".").pop()!.toLowerCase() : null,
      purpose,
      filename,
      created_by: USER,
      bytes: content.size,
      original_file_id: null,
      deleted: false,
    };
    this.files.set(id, { meta, content });
    return meta;
  }

  createJob(
    request: DataJobCreateRequest,
    originId: string | null = null,
    now = this.#clock.now(),
  ): DataJobDetail {
    const job: StoredJob = {
      request,
      id: `dj-${randomUUID()}`,
      createdAt: now,
      updatedAt: now,
      fileIds: [],
      filesAddedAt: undefined,
      startedAt: undefined,
      cancelledAt: undefined,
      dataset: undefined,
      originId,
    };
    this.#jobs.set(job.id, job);
    return this.view(job.id)!;
  }

  /** Every job's id, in creation order (the oldest first). */
  jobIds(): string[] {
    return [...this.#jobs.keys()];
  }

  deleteJob(id: string): boolean {
    return this.#jobs.delete(id);
  }

  /** Applies a PATCH as the document says: absent fields stay; `null` clears, except the name. */
  update(id: string, changes: DataJobUpdateRequest): void {
    const job = this.#jobs.get(id)!;
    const { name, ...rest } = changes;
    job.request = {
      ...job.request,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      ...(typeof name === "string" ? { name } : {}),
    };
    job.updatedAt = this.#clock.now();
  }

  setFiles(id: string, fileIds: string[]): void {
    const job = this.#jobs.get(id)!;
    job.fileIds = fileIds;
    job.filesAddedAt = this.#clock.now();
    job.updatedAt = job.filesAddedAt;
  }

  fileIdsOf(id: string): string[] {
    return this.#jobs.get(id)?.fileIds ?? [];
  }

  /** Starts the job, and plans its dataset from its documents as they are now. */
  async start(id: string): Promise<void> {
    const job = this.#jobs.get(id)!;
    job.startedAt = this.#clock.now();
    job.updatedAt = job.startedAt;
    const documents = await Promise.all(
      job.fileIds.flatMap((fileId) => {
        const file = this.files.get(fileId);
        if (!file) return [];
        const filename = file.meta.filename ?? fileId;
        return [
          (/\.(md|markdown)$/i.test(filename) ? file.content.text() : Promise.resolve(undefined)).then(
            (markdown) => ({ filename, markdown }),
          ),
        ];
      }),
    );
    job.dataset = this.#planDataset(job, this.#completionOf(job), documents);
  }

  /**
   * Lists the dataset of every job that completed by `now` among the files: time, not a reader,
   * makes a dataset appear, so a GET never changes what `files.list()` returns.
   */
  publishDue(now = this.#clock.now()): void {
    for (const job of this.#jobs.values()) {
      const { dataset } = job;
      if (!dataset || dataset.published || this.#statusAfterStart(job, now) !== "completed")
        continue;
      dataset.published = true;
      this.files.set(dataset.output.id, dataset.file);
    }
  }

  cancel(id: string): void {
    const job = this.#jobs.get(id)!;
    job.cancelledAt = this.#clock.now();
    job.updatedAt = job.cancelledAt;
  }

  /**
   * The times after now at which the job's view changes by itself (ingestion ends, the queue
   * ends, generation ends), earliest first; empty when only a request can move it.
   */
  changesAhead(id: string): number[] {
    const job = this.#jobs.get(id);
    if (!job) return [];
    const { ingestionMs, queueMs, runMs } = this.#options;
    const now = this.#clock.now();
    const times = [
      job.filesAddedAt === undefined ? undefined : job.filesAddedAt + ingestionMs,
      job.startedAt === undefined || job.cancelledAt !== undefined
        ? undefined
        : job.startedAt + queueMs,
      job.startedAt === undefined || job.cancelledAt !== undefined
        ? undefined
        : job.startedAt + queueMs + runMs,
    ];
    return times.filter((t): t is number => t !== undefined && t > now).sort((a, b) => a - b);
  }

  /** The job as the API shows it at time `now`. */
  view(id: string, now = this.#clock.now()): DataJobDetail | undefined {
    const job = this.#jobs.get(id);
    if (!job) return undefined;
    const o = this.#options;
    const files = job.fileIds.map((fileId) => this.#fileView(fileId, job, now));
    const failedFiles = files.filter((f) => f.suggested_fix);
    const ingesting = job.filesAddedAt !== undefined && now - job.filesAddedAt < o.ingestionMs;
    const lacks =
      job.request.job_type === "context_grounded_vector_db"
        ? !job.request.vector_database_id
        : job.fileIds.length === 0;

    let status: DataJobDetail["status"];
    let statusMessage: string | null = null;
    let alignment: DataJobDetail["alignment_job"] = null;
    if (job.startedAt === undefined) {
      if (ingesting) status = "file_processing";
      else if (failedFiles.length > 0) {
        status = "needs_review";
        statusMessage = `${failedFiles.length} file(s) failed ingestion`;
      } else if (lacks) {
        status = "needs_review";
        statusMessage =
          job.request.job_type === "context_grounded_vector_db"
            ? "vector_database_id is required"
            : "no files attached";
      } else status = "ready_to_start";
    } else {
      const elapsed = (job.cancelledAt ?? now) - job.startedAt;
      const running = elapsed >= o.queueMs;
      const progress = running
        ? Math.min(100, Math.round(((elapsed - o.queueMs) / o.runMs) * 100))
        : 0;
      status = this.#statusAfterStart(job, now);
      if (status === "failed") statusMessage = o.failGeneration?.(job.request.name) ?? null;
      const output = status === "completed" ? job.dataset?.output : undefined;
      const endedAt =
        status === "running" || status === "queued"
          ? null
          : iso(job.cancelledAt ?? job.startedAt + o.queueMs + o.runMs);
      alignment = {
        id: `al-${job.id.slice(3)}`,
        created_at: iso(job.startedAt),
        updated_at: iso(Math.min(now, job.startedAt + o.queueMs + o.runMs)),
        status,
        current_step: status === "running" ? "generating_pairs" : null,
        progress: status === "completed" ? 100 : progress,
        eta_minutes:
          status === "running" || status === "queued"
            ? Math.round((o.queueMs + o.runMs - elapsed) / 60_000)
            : null,
        estimated_completion_at:
          status === "running" || status === "queued"
            ? iso(job.startedAt + o.queueMs + o.runMs)
            : null,
        status_message: statusMessage,
        completed_at: status === "completed" ? endedAt : null,
        stopped_at: status === "completed" ? null : endedAt,
        output_files: output ? [output] : [],
      };
    }
    return {
      id: job.id,
      user_id: USER,
      name: job.request.name,
      job_type: job.request.job_type,
      alignment_job_id: alignment?.id ?? null,
      created_at: iso(job.createdAt),
      updated_at: iso(job.updatedAt),
      status,
      system_prompt: job.request.system_prompt ?? null,
      instructions: job.request.instructions ?? null,
      vector_database_id: job.request.vector_database_id ?? null,
      origin_data_job_id: job.originId,
      deleted: false,
      status_message: statusMessage,
      additional_alignment_file_ids: [],
      ingestion_jobs:
        job.filesAddedAt === undefined ? [] : [this.#ingestionView(job, files, ingesting)],
      alignment_job: alignment,
      files,
      fine_tuning_job_ids: [],
      timeline: [],
    };
  }

  /** The outputs of an alignment job, or undefined when there is no such job. */
  outputsOf(alignmentJobId: string): AlignmentOutput[] | undefined {
    const id = `dj-${alignmentJobId.slice(3)}`;
    const alignment = this.view(id)?.alignment_job;
    return alignment ? (alignment.output_files ?? []) : undefined;
  }

  #fileView(fileId: string, job: StoredJob, now: number): DataJobFile {
    const meta = this.files.get(fileId)?.meta;
    const ingesting =
      job.filesAddedAt !== undefined && now - job.filesAddedAt < this.#options.ingestionMs;
    const fix = meta?.filename ? this.#options.failIngestion?.(meta.filename) : undefined;
    return {
      file_id: fileId,
      name: meta?.filename ?? null,
      type: meta?.type ?? null,
      bytes: meta?.bytes ?? null,
      created_at: meta?.created_at ?? null,
      status: ingesting ? "running" : fix ? "failed" : "completed",
      suggested_fix: !ingesting && fix ? fix : null,
    };
  }

  #ingestionView(job: StoredJob, files: DataJobFile[], ingesting: boolean): IngestionJob {
    const id = `ij-${job.id.slice(3)}`;
    const failed = files.some((f) => f.status === "failed");
    return {
      id,
      status: ingesting ? "running" : failed ? "failed" : "completed",
      created_at: iso(job.filesAddedAt!),
      updated_at: iso(job.filesAddedAt! + (ingesting ? 0 : this.#options.ingestionMs)),
      file_ids: job.fileIds,
      records: files.map((file, index) => ({
        record_id: `rec-${index}-${id.slice(3, 11)}`,
        ingestion_job_id: id,
        alignment_file_id: file.file_id,
        user_id: USER,
        filename: file.name ?? file.file_id,
        status: file.status ?? "completed",
        method: "best",
        error_message: file.suggested_fix ? "The document could not be converted." : null,
        suggested_fix: file.suggested_fix ?? null,
        created_at: iso(job.filesAddedAt!),
      })),
    };
  }

  /** When a started job's generation ends, if it is not cancelled first. */
  #completionOf(job: StoredJob): number {
    return job.startedAt! + this.#options.queueMs + this.#options.runMs;
  }

  /** A started job's status at `now`: queued, running, then completed or failed, or cancelled. */
  #statusAfterStart(job: StoredJob, now: number): AlignmentJobStatus {
    const elapsed = (job.cancelledAt ?? now) - job.startedAt!;
    if (job.cancelledAt !== undefined) return "cancelled";
    if (elapsed < this.#options.queueMs) return "queued";
    if (now < this.#completionOf(job)) return "running";
    return this.#options.failGeneration?.(job.request.name) ? "failed" : "completed";
  }

  /** The dataset a job will have once it completes, dated then; not yet among the files. */
  #planDataset(
    job: StoredJob,
    at: number,
    documents: SourceDocument[],
  ): NonNullable<StoredJob["dataset"]> {
    const slug =
      job.request.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "") || "dataset";
    const rows = datasetRows(job.request.job_type, documents, job.request.vector_database_id);
    const filename = `${slug}.parquet`;
    const content = new Blob([parquetOf(this.#writer, rows) as Uint8Array<ArrayBuffer>]);
    const meta: FileObject = {
      id: `file-${randomUUID()}`,
      object: "file",
      created_at: iso(at),
      type: "parquet",
      purpose: "fine-tune",
      filename,
      created_by: USER,
      bytes: content.size,
      original_file_id: null,
      deleted: false,
    };
    const output: AlignmentOutput = {
      id: meta.id,
      filename,
      bytes: content.size,
      created_at: meta.created_at ?? null,
      file_type: "parquet",
      purpose: "fine-tune",
    };
    return { file: { meta, content }, output, published: false };
  }
}
