/**
 * `seekrflow doctor`: calls every read operation of the document that answers JSON against the
 * configured API, with response validation on, and prints field by field where the answers
 * differ from the document. For the API-change workflow: run it after the API moves.
 */
import { type OperationId, operationTable } from "../generated/operations.js";
import type { Workflow } from "./command.mjs";
import { ApiDiffers } from "./exit-codes.mjs";
import { row } from "./output.mjs";

/** The operations doctor calls: reads (GET) that answer JSON, lists first (they give the ids). */
const READS = (Object.keys(operationTable) as OperationId[])
  .filter((op) => operationTable[op].method === "GET" && operationTable[op].success === "json")
  .sort(
    (a, b) =>
      Number(operationTable[a].path.includes("{")) - Number(operationTable[b].path.includes("{")),
  );

/** Where a path parameter's value is found in what the lists answered. */
function idsFrom(answers: unknown[]): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const answer of answers) {
    const items = (answer as { data?: unknown[] } | undefined)?.data;
    for (const item of Array.isArray(items) ? items : []) {
      const { id, job_type, alignment_job_id } = (item ?? {}) as Record<string, unknown>;
      if (typeof id !== "string") continue;
      if (job_type !== undefined) ids.data_job_id ??= id;
      else ids.file_id ??= id;
      if (typeof alignment_job_id === "string") ids.alignment_job_id ??= alignment_job_id;
    }
  }
  return ids;
}

/** `seekrflow doctor`. */
export const doctor: Workflow = {
  summary:
    "Check that the configured API answers as the document says: calls each read operation with validation on and prints every difference, field by field. Exits 6 if any.",
  examples: [["doctor"], ["doctor", "--json"]],
  async run(context) {
    const differences: string[] = [];
    const flow = context.flow().withOptions({
      validateResponses: "warn",
      logger: (line, event) => {
        if (!event) differences.push(line.replace(/^seekrflow: /, ""));
      },
    });
    const answers: unknown[] = [];
    const report: { operation: string; outcome: string }[] = [];
    for (const operation of READS) {
      const template = operationTable[operation].path;
      const ids = idsFrom(answers);
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const missing = names.find((name) => !ids[name]);
      if (missing) {
        report.push({ operation, outcome: `skipped: no ${missing} to try` });
        context.say(`${operation.padEnd(22)} ${report.at(-1)!.outcome}`);
        continue;
      }
      const before = differences.length;
      const path = Object.fromEntries(names.map((name) => [name, ids[name]!]));
      answers.push(
        await flow.request(operation as "getDataJob", { path } as never, {
          signal: context.signal,
        }),
      );
      const found = differences.length - before;
      report.push({ operation, outcome: found ? `${found} difference(s)` : "as documented" });
      context.say(`${operation.padEnd(22)} ${report.at(-1)!.outcome}`);
      for (const line of differences.slice(before)) context.say(`  ${row(line)}`);
    }
    context.result({ operations: report, differences }, () =>
      differences.length
        ? `${differences.length} difference(s) from the document`
        : "every answer is as the document says",
    );
    if (differences.length) throw new ApiDiffers(differences.length);
  },
};
