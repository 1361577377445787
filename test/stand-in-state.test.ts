/**
 * The stand-in's state on its own, on a manual clock: every field of a job's view at each point
 * of its lifecycle (ingestion, review, queue, generation, the end it reaches), when the view
 * changes by itself, and when a dataset appears among the files.
 */
import { parquetReadObjects } from "hyparquet";
import * as writer from "hyparquet-writer";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StandInClock } from "../src/testing/clock.js";
import { type LifecycleOptions, StandInState } from "../src/testing/state.js";

const T0 = Date.UTC(2026, 0, 1);
const at = (ms: number) => new Date(T0 + ms).toISOString();
const MINUTES = { ingestionMs: 200, queueMs: 60_000, runMs: 120_000 };

let clock: StandInClock;
beforeEach(() => {
  vi.spyOn(Date, "now").mockReturnValue(T0);
  clock = new StandInClock("manual");
});
afterEach(() => vi.restoreAllMocks());

const stateWith = (options?: LifecycleOptions) => new StandInState(clock, writer, options);
const md = (text: string) => new Blob([text]);

/** A job of `name` with `handbook.md` attached at T0. */
function jobWithFile(state: StandInState, name = "Handbook Q&A", filename = "handbook.md") {
  const file = state.addFile(filename, "alignment", md("# Leave\nTwenty-five days."));
  const job = state.createJob({ name, job_type: "principle_files" });
  state.setFiles(job.id, [file.id]);
  return { file, id: job.id };
}

describe("the stand-in's files", () => {
  it("are described from their name and content", () => {
    const state = stateWith();
    const file = state.addFile("Notes.Final.MD", "alignment", md("abc"));
    expect(file).toStrictEqual({
      id: expect.stringMatching(/^file-[0-9a-f-]{36}$/),
      object: "file",
      created_at: at(0),
      type: "md",
      purpose: "alignment",
      filename: "Notes.Final.MD",
      created_by: "user-standin",
      bytes: 3,
      original_file_id: null,
      deleted: false,
    });
    expect(state.addFile("README", "alignment", md(""), T0 + 5)).toMatchObject({
      type: null,
      created_at: at(5),
      bytes: 0,
    });
    expect(state.files.get(file.id)?.meta).toBe(file);
  });
});

describe("a stand-in job before it starts", () => {
  it("needs files, or a vector database when grounded on one", () => {
    const state = stateWith();
    const bare = state.createJob({ name: "Bare", job_type: "principle_files" });
    expect(bare).toStrictEqual({
      id: expect.stringMatching(/^dj-[0-9a-f-]{36}$/),
      user_id: "user-standin",
      name: "Bare",
      job_type: "principle_files",
      alignment_job_id: null,
      created_at: at(0),
      updated_at: at(0),
      status: "needs_review",
      system_prompt: null,
      instructions: null,
      vector_database_id: null,
      origin_data_job_id: null,
      deleted: false,
      status_message: "no files attached",
      additional_alignment_file_ids: [],
      ingestion_jobs: [],
      alignment_job: null,
      files: [],
      fine_tuning_job_ids: [],
      timeline: [],
    });
    const vdb = state.createJob({ name: "V", job_type: "context_grounded_vector_db" });
    expect([vdb.status, vdb.status_message]).toEqual([
      "needs_review",
      "vector_database_id is required",
    ]);
    const ready = state.createJob(
      { name: "V", job_type: "context_grounded_vector_db", vector_database_id: "vdb-1" },
      bare.id,
    );
    expect([ready.status, ready.status_message, ready.origin_data_job_id]).toEqual([
      "ready_to_start",
      null,
      bare.id,
    ]);
    expect(state.changesAhead(ready.id)).toEqual([]);
  });

  it("ingests its files for ingestionMs, then is ready", () => {
    const state = stateWith(MINUTES);
    clock.advance(10);
    const { file, id } = jobWithFile(state);
    const during = state.view(id, T0 + 10 + 199)!;
    expect(during.status).toBe("file_processing");
    expect(during.files).toStrictEqual([
      {
        file_id: file.id,
        name: "handbook.md",
        type: "md",
        bytes: file.bytes,
        created_at: at(10),
        status: "running",
        suggested_fix: null,
      },
    ]);
    const ingestion = `ij-${id.slice(3)}`;
    expect(during.ingestion_jobs).toStrictEqual([
      {
        id: ingestion,
        status: "running",
        created_at: at(10),
        updated_at: at(10),
        file_ids: [file.id],
        records: [
          {
            record_id: `rec-0-${ingestion.slice(3, 11)}`,
            ingestion_job_id: ingestion,
            alignment_file_id: file.id,
            user_id: "user-standin",
            filename: "handbook.md",
            status: "running",
            method: "best",
            error_message: null,
            suggested_fix: null,
            created_at: at(10),
          },
        ],
      },
    ]);
    expect(state.changesAhead(id)).toEqual([T0 + 210]);
    const after = state.view(id, T0 + 210)!;
    expect([after.status, after.files![0]!.status, after.ingestion_jobs![0]!.status]).toEqual([
      "ready_to_start",
      "completed",
      "completed",
    ]);
    expect(after.ingestion_jobs![0]!.updated_at).toBe(at(210));
    expect(after.updated_at).toBe(at(10));
  });

  it("needs review when a file fails ingestion, with the file's fix", () => {
    const state = stateWith({
      failIngestion: (name) => (name.startsWith("scan") ? "Export it as text." : undefined),
    });
    const { id } = jobWithFile(state, "Scans", "scan.pdf");
    const other = state.addFile("ok.md", "alignment", md("# A\nb"));
    state.setFiles(id, [...state.fileIdsOf(id), other.id, "file-gone"]);
    expect(state.view(id)!.files![0]!.suggested_fix).toBeNull();
    clock.advance(200);
    const view = state.view(id)!;
    expect([view.status, view.status_message]).toEqual([
      "needs_review",
      "1 file(s) failed ingestion",
    ]);
    expect(view.files!.map((f) => [f.name, f.status, f.suggested_fix])).toEqual([
      ["scan.pdf", "failed", "Export it as text."],
      ["ok.md", "completed", null],
      [null, "completed", null],
    ]);
    expect(view.files![2]).toStrictEqual({
      file_id: "file-gone",
      name: null,
      type: null,
      bytes: null,
      created_at: null,
      status: "completed",
      suggested_fix: null,
    });
    const records = view.ingestion_jobs![0]!.records!;
    expect(view.ingestion_jobs![0]!.status).toBe("failed");
    expect(
      records.map((r) => [
        r.record_id.slice(0, 6),
        r.filename,
        r.status,
        r.error_message,
        r.suggested_fix,
      ]),
    ).toEqual([
      [
        "rec-0-",
        "scan.pdf",
        "failed",
        "The document could not be converted.",
        "Export it as text.",
      ],
      ["rec-1-", "ok.md", "completed", null, null],
      ["rec-2-", "file-gone", "completed", null, null],
    ]);
  });

  it("takes a PATCH as the document says: absent fields stay, null clears, the name is never null", () => {
    const state = stateWith();
    const job = state.createJob({
      name: "Before",
      job_type: "principle_files",
      system_prompt: "Be brief.",
      instructions: "Only leave.",
    });
    clock.advance(7);
    state.update(job.id, { system_prompt: null, instructions: undefined, name: null } as never);
    expect(state.view(job.id)).toMatchObject({
      name: "Before",
      system_prompt: null,
      instructions: "Only leave.",
      updated_at: at(7),
      created_at: at(0),
    });
    state.update(job.id, { name: "After" });
    expect(state.view(job.id)!.name).toBe("After");
  });

  it("keeps jobs in creation order and forgets a deleted one", () => {
    const state = stateWith();
    const a = state.createJob({ name: "a", job_type: "principle_files" }).id;
    const b = state.createJob({ name: "b", job_type: "principle_files" }).id;
    expect(state.jobIds()).toEqual([a, b]);
    expect([state.deleteJob(a), state.deleteJob(a)]).toEqual([true, false]);
    expect([state.jobIds(), state.view(a), state.fileIdsOf(a), state.changesAhead(a)]).toEqual([
      [b],
      undefined,
      [],
      [],
    ]);
  });
});

describe("a started stand-in job", () => {
  async function started(options: LifecycleOptions = MINUTES, name?: string) {
    const state = stateWith(options);
    const { id } = jobWithFile(state, name);
    clock.advance(200);
    await state.start(id);
    return { state, id, alignment: `al-${id.slice(3)}` };
  }

  it("queues for queueMs, with its whole duration as the estimate", async () => {
    const { state, id, alignment } = await started();
    const view = state.view(id)!;
    expect([view.status, view.alignment_job_id, view.updated_at]).toEqual([
      "queued",
      alignment,
      at(200),
    ]);
    expect(view.alignment_job).toStrictEqual({
      id: alignment,
      created_at: at(200),
      updated_at: at(200),
      status: "queued",
      current_step: null,
      progress: 0,
      eta_minutes: 3,
      estimated_completion_at: at(180_200),
      status_message: null,
      completed_at: null,
      stopped_at: null,
      output_files: [],
    });
    expect(state.changesAhead(id)).toEqual([T0 + 60_200, T0 + 180_200]);
  });

  it("runs for runMs, progress and estimate moving with the clock", async () => {
    const { state, id } = await started();
    clock.advance(60_000);
    expect(state.view(id)!.alignment_job).toMatchObject({
      status: "running",
      current_step: "generating_pairs",
      progress: 0,
      eta_minutes: 2,
      updated_at: at(60_200),
    });
    expect(state.changesAhead(id)).toEqual([T0 + 180_200]);
    clock.advance(30_000);
    expect(state.view(id)!.alignment_job).toMatchObject({ progress: 25, eta_minutes: 2 });
    clock.advance(59_999);
    expect(state.view(id)!.alignment_job).toMatchObject({
      status: "running",
      progress: 75,
      eta_minutes: 1,
    });
  });

  it("completes with its dataset, listed among the files only from then on", async () => {
    const { state, id, alignment } = await started(MINUTES, "  Q3 Handbook!! ");
    state.publishDue(T0 + 180_199);
    expect([...state.files.values()].map((f) => f.meta.purpose)).toEqual(["alignment"]);
    expect(state.outputsOf(alignment)).toEqual([]);
    clock.advance(200_000);
    const view = state.view(id)!;
    const output = view.alignment_job!.output_files![0]!;
    expect(view.alignment_job).toStrictEqual({
      id: alignment,
      created_at: at(200),
      updated_at: at(180_200),
      status: "completed",
      current_step: null,
      progress: 100,
      eta_minutes: null,
      estimated_completion_at: null,
      status_message: null,
      completed_at: at(180_200),
      stopped_at: null,
      output_files: [
        {
          id: expect.stringMatching(/^file-/),
          filename: "q3-handbook.parquet",
          bytes: expect.any(Number),
          created_at: at(180_200),
          file_type: "parquet",
          purpose: "fine-tune",
        },
      ],
    });
    expect(state.changesAhead(id)).toEqual([]);
    expect(state.files.has(output.id)).toBe(false);
    state.publishDue();
    const dataset = state.files.get(output.id)!;
    expect(dataset.meta).toStrictEqual({
      id: output.id,
      object: "file",
      created_at: at(180_200),
      type: "parquet",
      purpose: "fine-tune",
      filename: "q3-handbook.parquet",
      created_by: "user-standin",
      bytes: output.bytes,
      original_file_id: null,
      deleted: false,
    });
    const bytes = await dataset.content.arrayBuffer();
    expect(bytes.byteLength).toBe(output.bytes);
    expect(await parquetReadObjects({ file: bytes })).toEqual([
      {
        question: "What does handbook.md say about Leave?",
        answer: 'It says: "Twenty-five days."',
        source: "handbook.md",
      },
    ]);
    expect(state.outputsOf(alignment)).toEqual([output]);
    expect(state.outputsOf("al-nothing")).toBeUndefined();
    // Published once: a deleted dataset does not come back.
    state.files.delete(output.id);
    state.publishDue();
    expect(state.files.has(output.id)).toBe(false);
  });

  it("fails with the generation's message, and has no dataset", async () => {
    const { state, id } = await started(
      { ...MINUTES, failGeneration: (name) => (name === "doomed" ? "Ran out." : undefined) },
      "doomed",
    );
    clock.advance(180_000);
    state.publishDue();
    const view = state.view(id)!;
    expect([view.status, view.status_message]).toEqual(["failed", "Ran out."]);
    expect(view.alignment_job).toMatchObject({
      status: "failed",
      status_message: "Ran out.",
      progress: 100,
      completed_at: null,
      stopped_at: at(180_200),
      output_files: [],
    });
    expect(state.files.size).toBe(1);
  });

  it("stops where it was when cancelled", async () => {
    const { state, id } = await started();
    clock.advance(90_000);
    state.cancel(id);
    clock.advance(500_000);
    state.publishDue();
    const view = state.view(id)!;
    expect([view.status, view.updated_at]).toEqual(["cancelled", at(90_200)]);
    expect(view.alignment_job).toMatchObject({
      status: "cancelled",
      progress: 25,
      eta_minutes: null,
      completed_at: null,
      stopped_at: at(90_200),
      updated_at: at(180_200),
    });
    expect([state.changesAhead(id), state.files.size]).toEqual([[], 1]);
  });

  it("names a dataset from a job name of no letters 'dataset', and reads only Markdown", async () => {
    const state = stateWith({ ingestionMs: 0, queueMs: 0, runMs: 1 });
    const pdf = state.addFile("scan.PDF", "alignment", md("# Not read"));
    const markdown = state.addFile("notes.Markdown", "alignment", md("# Read\ntext"));
    const job = state.createJob({ name: "!!!", job_type: "context_grounded_files" });
    state.setFiles(job.id, [pdf.id, markdown.id, "file-gone"]);
    await state.start(job.id);
    clock.advance(1);
    state.publishDue();
    const output = state.view(job.id)!.alignment_job!.output_files![0]!;
    expect(output.filename).toBe("dataset.parquet");
    const rows = await parquetReadObjects({
      file: await state.files.get(output.id)!.content.arrayBuffer(),
    });
    expect(rows.map((r) => r.question)).toEqual([
      "What is in scan.PDF?",
      "What does notes.Markdown say about Read?",
    ]);
  });
});
