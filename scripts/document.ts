/**
 * Reading the OpenAPI document, for every generator: a local `$ref` followed to what it points
 * at, and the operations walked in the document's order.
 */
import { HTTP_METHODS } from "../src/core/http.js";

/** `value`, or what its local `$ref` points at, followed to the end. */
export function resolveRef<T>(document: unknown, value: T): T {
  let current: unknown = value;
  while (typeof (current as { $ref?: unknown } | undefined)?.$ref === "string")
    current = (current as { $ref: string }).$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
  return current as T;
}

/** One operation of the document, where it is. */
export interface OperationAt<Operation, Item> {
  /** Its path template, such as `/v1/flow/data-jobs/{data_job_id}`. */
  template: string;
  /** Its method as the document spells it: `get`, `post`, … */
  method: (typeof HTTP_METHODS)[number];
  /** Its path item (for the parameters it shares). */
  item: Item;
  operation: Operation & { operationId: string };
}

/** Every operation with an operationId, in the document's order (paths, then methods). */
export function* eachOperation<
  Operation extends { operationId?: string },
  Item = unknown,
>(document: { paths: Record<string, unknown> }): Generator<OperationAt<Operation, Item>> {
  for (const [template, item] of Object.entries(document.paths))
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (operation?.operationId)
        yield {
          template,
          method,
          item: item as Item,
          operation: operation as Operation & { operationId: string },
        };
    }
}
