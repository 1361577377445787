/**
 * The table of operations the request path needs at run time: for each operationId its method,
 * path template and the kind of body a success carries. The transport matches a request to its operation with it, to pick the retry
 * policy and to name the operation in errors and logs.
 */
type Response = { content?: Record<string, { schema?: { type?: string; $ref?: string } }> };
type Operation = { operationId?: string; responses?: Record<string, Response> };
type Document = { paths: Record<string, Record<string, Operation>> };

/**
 * What the first 2xx response promises: `json` (an object or array the client must get),
 * `binary` (bytes, streamed to the caller) or `none` (no body, like 204).
 */
function successBody(operation: Operation): "json" | "binary" | "none" {
  const code = Object.keys(operation.responses ?? {}).find((status) => status.startsWith("2"));
  const content = code ? operation.responses?.[code]?.content : undefined;
  if (!content) return "none";
  return "application/json" in content ? "json" : "binary";
}

const METHODS = ["get", "put", "post", "delete", "patch"];

/** TypeScript source of `operations`, sorted by operationId. */
export function operationTable(document: Document): string {
  const rows: [string, string, string, string][] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation?.operationId) {
        rows.push([operation.operationId, method.toUpperCase(), template, successBody(operation)]);
      }
    }
  }
  rows.sort(([a], [b]) => a.localeCompare(b));
  const body = rows.map(
    ([id, method, template, success]) =>
      `  ${id}: { method: "${method}", path: "${template}", success: "${success}" },`,
  );
  return [
    "/** Every operation of the document: its method, path template and what its success body is. */",
    "export const operations = {",
    ...body,
    "} as const;",
    "",
    "/** The operationId of every operation in the document. */",
    "export type OperationId = keyof typeof operations;",
    "",
  ].join("\n");
}
