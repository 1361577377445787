/** The CLI's progress line: an ETA only from what the job says, never a made-up one. */
import { describe, expect, it } from "vitest";
import { describeProgress, progressReporter } from "../src/cli/progress.mjs";
import type { DataJobDetail } from "../src/index.js";
import { jobDetail } from "./support/fake-fetch.js";

const running = (alignment: Record<string, unknown>) =>
  jobDetail({
    status: "running",
    alignment_job: {
      id: "al-1",
      status: "running",
      created_at: "2026-11-02T09:15:00Z",
      progress: 40,
      ...alignment,
    },
  }) as unknown as DataJobDetail;

describe("describeProgress", () => {
  it.each([
    [
      "estimated_completion_at 30 s ahead",
      { estimated_completion_at: new Date(Date.now() + 30_500).toISOString() },
      /ETA (29|30) s/,
    ],
    [
      "estimated_completion_at 10 min ahead",
      { estimated_completion_at: new Date(Date.now() + 600_000).toISOString() },
      /ETA 10 min/,
    ],
    ["eta_minutes 0", { eta_minutes: 0 }, /ETA under 1 min/],
    ["eta_minutes 18", { eta_minutes: 18 }, /ETA 18 min/],
  ])("%s", (_label, alignment, eta) => {
    expect(describeProgress(running(alignment), false)).toMatch(eta);
  });

  it("shows no ETA when the job gives none", () => {
    expect(describeProgress(running({}), false)).not.toContain("ETA");
  });
});

describe("the progress line, exactly", () => {
  const job = (progress: unknown, extra: Record<string, unknown> = {}) =>
    ({
      ...running({ progress, current_step: "generating_pairs" }),
      status_message: "Halfway.",
      ...extra,
    }) as DataJobDetail;

  it("draws a bar of twenty on a terminal, a percentage elsewhere, clamped to 0–100", () => {
    expect(describeProgress(job(40), true)).toBe(
      "running          ████████░░░░░░░░░░░░  40%  generating_pairs  Halfway.",
    );
    expect(describeProgress(job(40.4), false)).toBe(
      "running          40%  generating_pairs  Halfway.",
    );
    expect(describeProgress(job(150), true)).toContain("████████████████████ 100%");
    expect(describeProgress(job(-5), true)).toContain("░░░░░░░░░░░░░░░░░░░░   0%");
    expect(describeProgress(job("half"), false)).toBe(
      "running          generating_pairs  Halfway.",
    );
  });

  it("says minutes as the job counts them: under one, rounded, none when not a number", () => {
    const eta = (minutes: unknown) => describeProgress(running({ eta_minutes: minutes }), false);
    expect(eta(0.5)).toContain("ETA under 1 min");
    expect(eta(1)).toContain("ETA 1 min");
    expect(eta(2.6)).toContain("ETA 3 min");
    for (const none of [Number.POSITIVE_INFINITY, Number.NaN, "5"])
      expect(eta(none)).not.toContain("ETA");
    const past = describeProgress(
      running({ estimated_completion_at: "2020-01-01T00:00:00Z" }),
      false,
    );
    expect(past).toContain("ETA 0 s");
    expect(
      describeProgress(running({ estimated_completion_at: "soon", eta_minutes: 4 }), false),
    ).toContain("ETA 4 min");
  });

  it("keeps one live line on a terminal, fitted to its width, and a line per change elsewhere", () => {
    const written: string[] = [];
    const tty = progressReporter(
      { isTTY: true, columns: 31, write: (t) => written.push(t) },
      "dj-1",
    );
    tty.onProgress(job(40));
    tty.done();
    tty.done();
    expect(written).toEqual([
      "following dj-1 (Ctrl-C stops following; the job goes on)\n",
      "\rrunning          ████████░░░░░",
      "\n",
    ]);
    written.length = 0;
    const plain = progressReporter({ write: (t) => written.push(t) }, "dj-1");
    plain.onProgress(job(40));
    plain.done();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}dj-1 {2}running {10}40% {2}generating_pairs {2}Halfway\.\n$/,
    );
    written.length = 0;
    const narrow = progressReporter({ isTTY: true, write: (t) => written.push(t) }, "dj-1");
    narrow.onProgress(job(40));
    expect(written[1]).toHaveLength(100);
  });
});
