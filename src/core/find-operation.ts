/**
 * Which operation of the document a method and URL path are, from the generated table: the
 * transport picks the retry policy by it, and the stand-in routes by it; and the other way, where
 * a call of an operation goes (`targetOf`), as errors name it.
 */
import { type OperationId, operationTable } from "../generated/operations.js";

/** Where a request was going: named in every error about it. */
export interface RequestTarget {
  /** The document's operationId, such as `createDataJob`. */
  operation: string;
  /** The HTTP method. */
  method: string;
  /** The URL path, without the query. */
  path: string;
}

/** Where a call of `operation` goes, as errors name it: its method and path, parameters filled in. */
export function targetOf(
  operation: OperationId,
  pathParams: Record<string, string> = {},
): RequestTarget {
  const { method, path } = operationTable[operation];
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(pathParams[name] ?? ""),
  );
  return { operation, method, path: filled };
}

/** An operation of the document and the path parameters read from a concrete path. */
export interface MatchedOperation {
  id: OperationId;
  /** The path parameters by name, percent-decoded; undefined when one is not valid encoding. */
  params: Record<string, string> | undefined;
}

type Entry = { id: OperationId; method: string; path: string; segments: string[] };

/** Templated segments after literal ones, so `/data-jobs/gen_system_prompt` is not read as an id. */
const ENTRIES: Entry[] = Object.entries(operationTable)
  .map(([id, op]) => ({
    id: id as OperationId,
    method: op.method,
    path: op.path,
    segments: op.path.split("/"),
  }))
  .sort((a, b) => templated(a) - templated(b));

function templated(entry: Entry): number {
  return entry.segments.filter((segment) => segment.startsWith("{")).length;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
    // Stryker disable next-line BlockStatement: a catch that falls through returns undefined too.
  } catch {
    return undefined;
  }
}

/** The operations whose path template matches `path` (after the base URL's path), any method. */
export function operationsAt(path: string): Entry[] {
  const segments = path.split("/");
  return ENTRIES.filter(
    (entry) =>
      entry.segments.length === segments.length &&
      entry.segments.every((part, i) =>
        part.startsWith("{") ? segments[i] !== "" : part === segments[i],
      ),
  );
}

/** The operation of `method` at `path` (after the base URL's path), if the document has one. */
export function findOperation(method: string, path: string): MatchedOperation | undefined {
  const entry = operationsAt(path).find((candidate) => candidate.method === method);
  if (!entry) return undefined;
  const segments = path.split("/");
  const params: Record<string, string> = {};
  for (const [i, part] of entry.segments.entries()) {
    if (!part.startsWith("{")) continue;
    const value = decode(segments[i]!);
    if (value === undefined) return { id: entry.id, params: undefined };
    params[part.slice(1, -1)] = value;
  }
  return { id: entry.id, params };
}

/**
 * The operation of a raw call's Request, as the client's first middleware found it from
 * openapi-fetch's `schemaPath`, for the transport to read rather than match the URL again.
 */
export const rawCallOperations = new WeakMap<Request, OperationId>();
