/**
 * A data job as large as real ones get: `records` ingestion records (every 100th failed) over
 * as many attached files, and `events` timeline events, valid against the document.
 */
import type { DataJobDetail } from "../../src/types.js";

export function largeJob(records: number, events: number): DataJobDetail & { id: string } {
  const at = "2026-11-02T09:15:00Z";
  const failed = (i: number) => i % 100 === 99;
  return {
    id: "dj-6f1c2a9e-4b7d-4c1a-9e3f-2b8d5a7c0e14",
    user_id: "user-91b3f0d2",
    name: "Every policy we have",
    job_type: "principle_files",
    alignment_job_id: null,
    created_at: at,
    updated_at: at,
    status: "needs_review",
    status_message: "Some files could not be converted.",
    additional_alignment_file_ids: [],
    ingestion_jobs: [
      {
        id: "ij-1",
        status: "completed",
        created_at: at,
        updated_at: at,
        file_ids: Array.from({ length: records }, (_, i) => `file-${i}`),
        records: Array.from({ length: records }, (_, i) => ({
          record_id: `rec-${i}`,
          ingestion_job_id: "ij-1",
          alignment_file_id: `file-${i}`,
          user_id: "user-91b3f0d2",
          filename: `policy-${i}.pdf`,
          status: failed(i) ? "failed" : "completed",
          created_at: at,
          method: "best",
          error_message: failed(i) ? "The PDF is encrypted." : null,
          suggested_fix: failed(i) ? "Upload it without a password." : null,
          completed_at: failed(i) ? null : at,
          failed_at: failed(i) ? at : null,
        })),
      },
    ],
    alignment_job: null,
    files: Array.from({ length: records }, (_, i) => ({
      file_id: `file-${i}`,
      record_id: `rec-${i}`,
      name: `policy-${i}.pdf`,
      type: "pdf",
      status: failed(i) ? "failed" : "completed",
      suggested_fix: failed(i) ? "Upload it without a password." : null,
      created_at: at,
      bytes: 20_000 + i,
    })),
    fine_tuning_job_ids: [],
    timeline: Array.from({ length: events }, (_, i) => ({
      timestamp: at,
      event_type: "file_processed",
      message: `File policy-${i % records}.pdf was processed.`,
      metadata: { file_id: `file-${i % records}` },
    })),
  };
}
