/**
 * Tool results as agents use them: the API's JSON as `structuredContent` (an object: a list goes
 * in as `{ data: [...] }`) with a text rendering, and errors as `isError` results that say what
 * was wrong, field by field.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { APIError, DataJobStateError, InvalidRequestError, SeekrFlowError } from "seekrflow-client";

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
    content: [{ type: "text", text: JSON.stringify(structured, null, 2) }],
    structuredContent: structured,
  };
}

/** An error result: the message, and each field or 422 item on a line of its own. */
export function failure(message: string, details: string[] = []): CallToolResult {
  return {
    isError: true,
    content: [{ type: "text", text: [message, ...details.map((d) => `- ${d}`)].join("\n") }],
  };
}

/** The result for an error the client threw (or any other). */
export function failureOf(error: unknown): CallToolResult {
  if (error instanceof InvalidRequestError)
    return failure(
      `Nothing was sent: the input breaks the API's document.`,
      // The tool takes path, query and body fields at the top level: name them so.
      error.fields.map((f) => `${f.field.replace(/^(body|path|query)\./, "")}: ${f.message}`),
    );
  if (error instanceof APIError)
    return failure(
      error.message,
      Array.isArray(error.detail)
        ? error.detail.map((item) => `${(item.loc ?? []).join(".")}: ${item.msg}`)
        : [],
    );
  if (error instanceof DataJobStateError) return failure(error.message, error.reasons);
  if (error instanceof SeekrFlowError || error instanceof Error) return failure(error.message);
  return failure(String(error));
}
