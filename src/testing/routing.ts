/**
 * From a request to its answer: which operation it is (routed as FastAPI routes), the key check,
 * injected failures, the size limit, the input read as the document types it and checked by the
 * generated validators (a 422 in FastAPI's shape), then the operation's handler.
 */
import { findOperation, operationsAt } from "../core/find-operation.js";
import { type OperationId, operationTable } from "../generated/operations.js";
import { standInOperations } from "../generated/stand-in-operations.js";
import { requestValidators } from "../generated/validators.js";
import { detail, json } from "./answers.js";
import { fastApiError } from "./fastapi-errors.js";
import { HANDLERS } from "./handlers.js";
import type { StandInState } from "./state.js";

/** An answer the test asked for instead of the operation's (`failNext`). */
export interface Fault {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What routing needs from the server it serves. */
export interface RouteSetup {
  apiKey: string | undefined;
  faults: Fault[];
  maxBodyBytes: number;
  state: StandInState;
}

/**
 * The answer to a request, its operation, and whether the operation answered it (`served`: a
 * check of its input or its handler), so that the document's responses for it apply.
 */
export interface Routed {
  response: Response;
  operation?: OperationId | undefined;
  served?: boolean;
}

/**
 * The answer to a request, and its operation. `served` says the operation answered it (a
 * check of its input or its handler), so the document's responses for it apply; the key check,
 * injected failures and the size limit answer before that.
 */
export async function route(
  request: Request,
  url: URL,
  setup: RouteSetup,
): Promise<Routed> {
  const { apiKey, faults, maxBodyBytes, state } = setup;
  const matched = findOperation(request.method, url.pathname);
  if (!matched)
    return { response: methodNotAllowed(operationsAt(url.pathname)) ?? detail(404, "Not Found") };
  const operation = matched.id;
  const key = request.headers.get("authorization");
  if (!key || /^bearer\s/i.test(key) || (apiKey !== undefined && key !== apiKey))
    return { response: detail(401, "Invalid API key."), operation };
  const fault = faults.shift();
  if (fault) {
    // An injected failure still takes the body first, as a server does: a client still sending
    // would otherwise meet a closed connection instead of the answer.
    await request.arrayBuffer().catch(() => undefined);
    const headers = { "content-type": "application/json", ...fault.headers };
    return {
      response: new Response(JSON.stringify(fault.body), { status: fault.status, headers }),
      operation,
    };
  }
  if (Number(request.headers.get("content-length") ?? 0) > maxBodyBytes)
    return { response: detail(413, `Request body over ${maxBodyBytes} bytes.`), operation };
  const params = matched.params;
  if (!params) return { response: detail(404, "Not Found"), operation, served: true };
  const read = await bodyOf(request, operation);
  if (read instanceof Response) return { response: read, operation, served: true };
  const input = {
    path: params,
    query: queryOf(url, operation),
    header: Object.fromEntries(request.headers),
    ...("body" in read ? { body: read.body } : {}),
  };
  const validate = requestValidators[operation];
  if (!validate(input)) {
    const errors = (validate.errors ?? []).map((issue) => fastApiError(issue, input));
    return { response: json({ detail: errors }, 422), operation, served: true };
  }
  const response = await HANDLERS[operation]({
    params,
    query: input.query,
    body: (read.body ?? {}) as Record<string, unknown>,
    state,
  });
  return { response, operation, served: true };
}

/** Query values as the document types them: a whole number where the text is one. */
function queryOf(url: URL, operation: OperationId): Record<string, unknown> {
  const query: Record<string, unknown> = { ...standInOperations[operation].queryDefaults };
  for (const [key, value] of url.searchParams)
    query[key] = /^-?\d+$/.test(value) ? Number(value) : value;
  return query;
}

/** The body as the validators see it, or the answer for a body that cannot be read. */
async function bodyOf(
  request: Request,
  operation: OperationId,
): Promise<{ body?: unknown } | Response> {
  const kind = operationTable[operation].body;
  if (kind === "none") return {};
  const type = request.headers.get("content-type") ?? "";
  if (kind === "json") {
    const text = await request.text();
    if (text === "") return {};
    try {
      return { body: JSON.parse(text) };
    } catch (error) {
      return json(
        {
          detail: [
            {
              loc: ["body", 0],
              msg: `JSON decode error`,
              type: "json_invalid",
              input: {},
              ctx: { error: (error as Error).message },
            },
          ],
        },
        422,
      );
    }
  }
  if (!type.includes("multipart/form-data")) return {};
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    // A body over the limit is a 413 however it was sent, chunked included.
    if (error instanceof BodyTooLarge) throw error;
    return detail(400, "There was an error parsing the body");
  }
  const body: Record<string, unknown> = {};
  const files = new Map(standInOperations[operation].fileFields.map((f) => [f.name as string, f.list]));
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key);
    const list = files.get(key);
    body[key] = list ? values : values.at(-1);
    // A file field must carry files, as FastAPI's UploadFile insists.
    const text = list !== undefined ? values.find((value) => typeof value === "string") : undefined;
    if (text !== undefined)
      return json(
        {
          detail: [
            {
              type: "value_error",
              loc: ["body", key],
              msg: "Value error, Expected UploadFile, received: <class 'str'>",
              input: text,
              ctx: { error: {} },
            },
          ],
        },
        422,
      );
  }
  return { body };
}

/**
 * The 405 for a path the document has but not with this method, routed as SeekrFlow's framework
 * (FastAPI) routes: the first route whose path matches answers, a literal path before a templated
 * one, so `PUT /data-jobs/gen_system_prompt` is allowed `POST` only (and `GET` there went on to
 * `/{data_job_id}`). Undefined for a path the document does not have.
 */
export function methodNotAllowed(here: ReturnType<typeof operationsAt>): Response | undefined {
  const first = here[0];
  if (!first) return undefined;
  const response = detail(405, "Method Not Allowed");
  const methods = here.filter((entry) => entry.path === first.path).map((entry) => entry.method);
  response.headers.set("allow", methods.join(", "));
  return response;
}

/** A request body over `maxBodyBytes`. */
export class BodyTooLarge extends Error {}

