/**
 * What HTTP itself says about methods, in one place for the generator and the client alike.
 */

/** The methods an OpenAPI path item can hold, as the document spells them. */
export const HTTP_METHODS = [
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
  "trace",
] as const;

/** Methods whose repeat has no further effect (RFC 9110 §9.2.2): safe to retry. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "OPTIONS",
  "TRACE",
  "PUT",
  "DELETE",
]);
