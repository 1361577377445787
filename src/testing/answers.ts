/** The stand-in's JSON answers, as FastAPI shapes them. */

/** A JSON answer. */
export const json = (body: unknown, status = 200): Response => Response.json(body, { status });
/** An error answer with FastAPI's `{ detail }`. */
export const detail = (status: number, message: string): Response =>
  json({ detail: message }, status);
/** A 404 for `what`. */
export const notFound = (what: string): Response => detail(404, `${what} not found.`);
