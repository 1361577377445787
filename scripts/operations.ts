/**
 * The table of operations the request path needs at run time: for each operationId its method,
 * path template, how its request body is sent and what a success carries. The facade builds its
 * requests from it; the transport matches a raw client's request to its operation with it, to pick
 * the retry policy and to name the operation in errors and logs.
 */
type Content = { content?: Record<string, { schema?: { type?: string; $ref?: string } }> };
type Operation = {
  operationId?: string;
  requestBody?: Content;
  responses?: Record<string, Content>;
};
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

/** How the request body is sent: `json`, `multipart` (a form with files) or `none`. */
function requestBody(operation: Operation): "json" | "multipart" | "none" {
  const content = operation.requestBody?.content ?? {};
  if ("multipart/form-data" in content) return "multipart";
  return "application/json" in content ? "json" : "none";
}

const METHODS = ["get", "put", "post", "delete", "patch"];

/** TypeScript source of `operations`, sorted by operationId. */
export function operationTable(document: Document): string {
  const rows: [string, string, string, string, string][] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation?.operationId) {
        rows.push([
          operation.operationId,
          method.toUpperCase(),
          template,
          requestBody(operation),
          successBody(operation),
        ]);
      }
    }
  }
  rows.sort(([a], [b]) => a.localeCompare(b));
  const body = rows.map(
    ([id, method, template, body, success]) =>
      `  ${id}: { method: "${method}", path: "${template}", body: "${body}", success: "${success}" },`,
  );
  return [
    "/** Every operation of the document: method, path template, request body and success body. */",
    "export const operations = {",
    ...body,
    "} as const;",
    "",
    "/** The operationId of every operation in the document. */",
    "export type OperationId = keyof typeof operations;",
    "",
  ].join("\n");
}
