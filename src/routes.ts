/**
 * Which operation a method and URL path belong to, from the generated operation table.
 */
import { operations, type OperationId } from "./generated/operations.js";

/** An operation, as the request path looks it up. */
export interface Route {
  id: OperationId;
  method: string;
  pattern: RegExp;
  /** The names of the path parameters, in the order the pattern captures them. */
  params: string[];
  /** What a success carries: `json`, `binary` or `none`. */
  success: string;
}

/** Templated paths after concrete ones, so `/data-jobs/gen_system_prompt` is not read as an id. */
const ROUTES: Route[] = Object.entries(operations)
  .map(([id, op]) => ({
    id: id as OperationId,
    method: op.method,
    pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "([^/]+)")}$`),
    params: [...op.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!),
    success: op.success,
  }))
  .sort((a, b) => a.params.length - b.params.length);

/** The operation of `method` and `path` (the path after the base URL's), if the document has one. */
export function findRoute(method: string, path: string): Route | undefined {
  return ROUTES.find((route) => route.method === method && route.pattern.test(path));
}
