/**
 * Code mode's two tools: `execute`, TypeScript or JavaScript run in the sandbox (./sandbox.ts)
 * with `flow` and `console`, answering `{ result, logs }`; and `search_docs`, the client's methods
 * found by words (./docs.ts). Types are stripped by sucrase (Node 20 strips none), keeping lines.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { SeekrFlow } from "seekrflow-client/node";
import { transform } from "sucrase";
import { failure, success } from "../results.js";
import { searchDocs } from "./docs.js";
import { hostFor } from "./host.js";
import { type GuestError, runInSandbox, type SandboxLimits } from "./sandbox.js";

/** The limits of one `execute` unless the operator sets others. */
export const DEFAULT_LIMITS: SandboxLimits = {
  cpuMs: 10_000,
  wallMs: 300_000,
  memoryBytes: 64 * 1024 * 1024,
  maxCalls: 200,
  // The answer carries both twice (structured and as text): 2 × 30,000 characters stays under
  // 25,000 tokens even at 2.5 characters a token.
  maxChars: 20_000,
  maxLogChars: 10_000,
};

/** The two tools code mode serves. */
export const CODE_TOOLS: readonly Tool[] = [
  {
    name: "execute",
    title: "Run code against the SeekrFlow client",
    description:
      'Runs TypeScript or JavaScript as the body of an async function, with `flow` (the seekrflow-client: flow.dataJobs.create/get/list/addFiles/start/waitFor/outputs, flow.files.upload/list/download, flow.request, flow.paginate; `for await` over lists) and `console`. Local paths are read and written under the allowed roots. Returns `{ result, logs }`: what the code returns, as JSON, and what it logged. Use search_docs to find a method. Example: `const job = await flow.dataJobs.create({ name: "QA", job_type: "principle_files" }); return job.id;`',
    inputSchema: {
      type: "object",
      properties: {
        code: { type: "string", minLength: 1, description: "The body of an async function." },
      },
      required: ["code"],
      additionalProperties: false,
    },
    annotations: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    },
  },
  {
    name: "search_docs",
    title: "Find a client method",
    description:
      'Finds the client\'s methods by what they do ("upload a file", "wait for a job", "download the dataset") and answers each one\'s call, a short sample and the fields it returns.',
    inputSchema: {
      type: "object",
      properties: {
        query: { type: "string", minLength: 1, description: "What you want to do, in words." },
      },
      required: ["query"],
      additionalProperties: false,
    },
    annotations: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
  },
];

/** What a code tool call runs with. */
export interface CodeContext {
  flow: SeekrFlow;
  roots: readonly string[];
  readOnly: boolean;
  tools: readonly string[] | undefined;
  signal: AbortSignal;
  limits: SandboxLimits;
}

/** The code as JavaScript: its types stripped, its lines where they were. */
function javascript(code: string): string {
  const wrapped = transform(`async function __body() {\n${code}\n}`, {
    transforms: ["typescript"],
    disableESTransforms: true,
  }).code;
  return wrapped.split("\n").slice(1, -1).join("\n");
}

/** An error result for a guest error: what, where, and what to try. */
function guestFailure(error: GuestError, logs: string[]): CallToolResult {
  const { name, message, line, status, detail, fields } = error;
  const where = line ? ` (line ${line})` : "";
  const hint =
    name === "SyntaxError"
      ? "The code is the body of an async function: statements, `await`, and `return` for the result."
      : name === "PermissionRefused"
        ? undefined
        : /out of memory/.test(message)
          ? "The code used more memory than the sandbox allows: work on less at a time."
          : /interrupted/.test(message)
            ? "The code ran longer than the sandbox allows: a loop that does not end?"
            : /stack overflow|call stack size/.test(message)
              ? "The code nested calls or data deeper than the sandbox allows: use a loop, or flatter data."
              : undefined;
  return failure(`${name}${where}: ${message}`, [
    ...(typeof status === "number" ? [`status ${status}`] : []),
    ...(Array.isArray(detail) ? (detail as string[]) : []),
    ...(Array.isArray(fields)
      ? (fields as { field: string; message: string }[]).map((f) => `${f.field}: ${f.message}`)
      : []),
    ...(hint ? [hint] : []),
    ...(logs.length ? [`logs: ${JSON.stringify(logs)}`] : []),
  ]);
}

/** Calls a code tool; every failure is an `isError` result. */
export async function callCodeTool(
  name: string,
  args: Record<string, unknown>,
  context: CodeContext,
): Promise<CallToolResult> {
  if (name === "search_docs") {
    const { text, found } = searchDocs(String(args.query ?? ""));
    return { content: [{ type: "text", text }], structuredContent: { found } };
  }
  let code: string;
  try {
    code = javascript(String(args.code ?? ""));
  } catch (error) {
    const at = /\((\d+):\d+\)/.exec((error as Error).message);
    return guestFailure(
      {
        name: "SyntaxError",
        message: (error as Error).message.replace(/\s*\(\d+:\d+\)$/, ""),
        ...(at ? { line: Number(at[1]) - 1 } : {}),
      },
      [],
    );
  }
  const host = hostFor(context);
  const outcome = await runInSandbox(
    code,
    (method, callArgs) => host.call(method, callArgs),
    context.limits,
  );
  if (!outcome.ok) return guestFailure(outcome.error, outcome.logs);
  return success({
    result: outcome.result,
    logs: outcome.logs,
    ...(outcome.notices.length ? { notices: outcome.notices } : {}),
  });
}
