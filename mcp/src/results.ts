/**
 * Tool results as agents use them: the API's JSON as `structuredContent` (an object: a list goes
 * in as `{ data: [...] }`) and the same JSON, compact, as the text, for hosts that read only text;
 * errors as `isError` results that say what was wrong, field by field, in the client's words.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { APIError, DataJobStateError, InvalidRequestError, requestsSent } from "seekrflow-client";
import { PathRefused } from "./roots.js";

/** A successful result with `data`. */
export function success(data: unknown): CallToolResult {
  const structured = (
    Array.isArray(data)
      ? { data }
      : typeof data === "object" && data !== null
        ? data
        : { done: true }
  ) as Record<string, unknown>;
  return {
    content: [{ type: "text", text: JSON.stringify(structured) }],
    structuredContent: structured,
  };
}

/** An error result: the message, and each field or 422 item on a line of its own. */
export function failure(message: string, details: readonly string[] = []): CallToolResult {
  return {
    isError: true,
    content: [{ type: "text", text: [message, ...details.map((d) => `- ${d}`)].join("\n") }],
  };
}

/** A refusal before any request: what was wrong, then that nothing reached the API. */
export function refusal(message: string, details: readonly string[] = []): CallToolResult {
  return failure(`${message.replace(/\.?$/, ".")} ${requestsSent(0)}`, details);
}

/** The result for an error the client threw (or any other). */
export function failureOf(error: unknown): CallToolResult {
  if (error instanceof InvalidRequestError)
    return refusal(
      "The input breaks the API's document",
      // The tool takes path, query and body fields at the top level: name them so.
      error.fields.map((f) => `${f.field.replace(/^(body|path|query)\./, "")}: ${f.message}`),
    );
  if (error instanceof PathRefused) return refusal(error.message);
  if (error instanceof APIError)
    // A 422's items each on a line; a one-line detail is in the message already.
    return failure(error.message, Array.isArray(error.detail) ? error.detailLines() : []);
  if (error instanceof DataJobStateError) return failure(error.message, error.reasons);
  if (error instanceof Error) return failure(error.message);
  return failure(String(error));
}
