/**
 * `seekrflow doctor`: calls every read operation of the document that answers JSON against the
 * configured API, with response validation on, and prints field by field where the answers
 * differ from the document. For the API-change workflow: run it after the API moves.
 */
import { doubledPrefix } from "../core/config.js";
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

/**
 * The path parameters a list's answer gives values for: an item's `id` for the operation at the
 * list's path plus `/{name}`, and any item field named as a parameter (`alignment_job_id`).
 */
function idsFrom(listPath: string, answer: unknown, ids: Record<string, string>): void {
  const items = (answer as { data?: unknown } | undefined)?.data;
  for (const item of Array.isArray(items) ? (items as Record<string, unknown>[]) : []) {
    for (const operation of READS) {
      const match = new RegExp(`^${listPath}/\\{(\\w+)\\}$`).exec(operationTable[operation].path);
      if (match && typeof item?.id === "string") ids[match[1]!] ??= item.id;
      for (const name of operationTable[operation].path.match(/(?<=\{)\w+(?=\})/g) ?? [])
        if (typeof item?.[name] === "string") ids[name] ??= item[name] as string;
    }
  }
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
        // The client's own warnings (a doubled prefix) are said above, not differences.
        if (!event && !line.startsWith("seekrflow-client: warning:"))
          differences.push(line.replace(/^seekrflow: /, ""));
      },
    });
    const doubled = doubledPrefix(new URL(flow.baseUrl));
    if (doubled) context.say(`base URL: ${row(doubled)}`);
    const ids: Record<string, string> = {};
    const report: { operation: string; outcome: string }[] = [];
    for (const operation of READS) {
      const template = operationTable[operation].path;
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const missing = names.find((name) => !ids[name]);
      if (missing) {
        report.push({ operation, outcome: `skipped: no ${missing} to try` });
        context.say(`${operation.padEnd(22)} ${report.at(-1)!.outcome}`);
        continue;
      }
      const before = differences.length;
      const path = Object.fromEntries(names.map((name) => [name, ids[name]!]));
      const answer = await flow.request(operation as "getDataJob", { path } as never, {
        signal: context.signal,
      });
      idsFrom(template, answer, ids);
      const found = differences.length - before;
      report.push({ operation, outcome: found ? `${found} difference(s)` : "as documented" });
      context.say(`${operation.padEnd(22)} ${report.at(-1)!.outcome}`);
      for (const line of differences.slice(before)) context.say(`  ${row(line)}`);
    }
    context.result(
      { operations: report, differences, ...(doubled ? { warnings: [doubled] } : {}) },
      () =>
        differences.length
          ? `${differences.length} difference(s) from the document`
          : "every answer is as the document says",
    );
    if (differences.length) throw new ApiDiffers(differences.length);
  },
};
