/**
 * `seekrflow doctor`: says what it checks against (base URL, where the key came from, team,
 * versions), then calls every read operation of the document that answers JSON against the
 * configured API, with response validation on, and reports each read as a finding: as
 * documented, differing field by field, failed, or skipped. For the API-change workflow: run it
 * after the API moves. Drift wins the exit code (6) over a read that failed (3, 4).
 */
import { doubledPrefix } from "../core/config.js";
import { APIAbortError, BadResponseError } from "../core/errors.js";
import { VERSION } from "../core/version.js";
import { api, type OperationId, operationTable } from "../generated/operations.js";
import type { SeekrFlow } from "../node/seekrflow.js";
import type { Workflow } from "./command.mjs";
import { APIDiffers } from "./exit-codes.mjs";
import { row } from "./output.mjs";

/** The operations doctor calls: reads (GET) that answer JSON, lists first (they give the ids). */
const READS = (Object.keys(operationTable) as OperationId[])
  .filter((op) => operationTable[op].method === "GET" && operationTable[op].success === "json")
  .sort(
    (a, b) =>
      Number(operationTable[a].path.includes("{")) - Number(operationTable[b].path.includes("{")),
  );

/** What one read found. */
interface Finding {
  operation: string;
  outcome: "as documented" | "differs" | "failed" | "skipped";
  /** What the answer did that the document does not allow. */
  differences: string[];
  /** Why it failed, or why it was skipped. */
  reason?: string;
  status?: number;
}

/** What doctor checked against: never the key, only where it came from. */
function checkedAgainst(flow: SeekrFlow) {
  const from = flow.configuredFrom;
  return {
    baseUrl: flow.baseUrl,
    baseUrlFrom: from.baseUrl,
    keyFrom: from.apiKey,
    team: flow.teamId ?? null,
    teamFrom: from.teamId,
    client: VERSION,
    document: api.documentVersion,
  };
}

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

const line = (finding: Finding): string =>
  `${finding.operation.padEnd(22)} ${
    finding.outcome === "differs"
      ? `${finding.differences.length} difference(s)`
      : finding.reason
        ? `${finding.outcome}: ${finding.reason}`
        : finding.outcome
  }`;

/** `seekrflow doctor`. */
export const doctor: Workflow = {
  summary:
    "Check that the configured API answers as the document says: says what it checks against, calls each read operation with validation on and reports each one. Exits 6 if any answer differs.",
  examples: [["doctor"], ["doctor", "--json"]],
  async run(context) {
    let drift: string[] = [];
    const flow = context.flow().withOptions({
      validateResponses: "warn",
      logger: (text, event) => {
        // The client's own warnings (a doubled prefix) are said above, not differences.
        if (!event && !text.startsWith("seekrflow-client: warning:"))
          drift.push(text.replace(/^seekrflow: /, ""));
      },
    });
    const checked = checkedAgainst(flow);
    context.say(`base URL: ${row(checked.baseUrl)} (${checked.baseUrlFrom})`);
    const doubled = doubledPrefix(new URL(flow.baseUrl));
    if (doubled) context.say(`base URL: ${row(doubled)}`);
    context.say(`key:      from ${checked.keyFrom}`);
    context.say(
      `team:     ${checked.team === null ? "none (the key's own)" : `${row(checked.team)} (${checked.teamFrom})`}`,
    );
    context.say(`versions: seekrflow ${checked.client}, document ${checked.document}`);
    const ids: Record<string, string> = {};
    const findings: Finding[] = [];
    let firstFailure: unknown;
    for (const operation of READS) {
      const template = operationTable[operation].path;
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const missing = names.find((name) => !ids[name]);
      const finding: Finding = { operation, outcome: "as documented", differences: [] };
      findings.push(finding);
      if (missing) {
        Object.assign(finding, { outcome: "skipped", reason: `no ${missing} to try` });
        context.say(line(finding));
        continue;
      }
      drift = finding.differences;
      const path = Object.fromEntries(names.map((name) => [name, ids[name]!]));
      try {
        const answer = await flow.request(operation as "getDataJob", { path } as never, {
          signal: context.signal,
        });
        idsFrom(template, answer, ids);
      } catch (error) {
        if (error instanceof APIAbortError) throw error;
        if (error instanceof BadResponseError) drift.push(error.message);
        else {
          firstFailure ??= error;
          const { message, status } = error as { message: string; status?: number };
          Object.assign(finding, { outcome: "failed", reason: message });
          if (status !== undefined) finding.status = status;
        }
      }
      if (finding.differences.length) finding.outcome = "differs";
      context.say(line(finding));
      for (const difference of finding.differences) context.say(`  ${row(difference)}`);
    }
    const differences = findings.flatMap((finding) => finding.differences);
    context.result({ checked, findings, ...(doubled ? { warnings: [doubled] } : {}) }, () =>
      differences.length
        ? `${differences.length} difference(s) from the document`
        : firstFailure
          ? "no answer differs from the document, but a read failed"
          : "every answer is as the document says",
    );
    if (differences.length) throw new APIDiffers(differences.length);
    if (firstFailure) throw firstFailure;
  },
};
