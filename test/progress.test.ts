/** The CLI's progress line: an ETA only from what the job says, never a made-up one. */
import { describe, expect, it } from "vitest";
import { describeProgress } from "../src/cli/progress.mjs";
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
