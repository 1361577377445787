/**
 * How the facade calls one operation: check the input against the document, build the request
 * from the generated operation table, send it through the transport, and turn an error answer
 * into an `APIError`. Types come from the generated `operations`: a method cannot pass a field
 * or expect a result the document does not have.
 */
import { APIError } from "./errors.js";
import { type OperationId, operations } from "./generated/operations.js";
import type { operations as OperationTypes } from "./generated/schema.js";
import { takenEffectHint, type Answer, type RequestOptions, type Transport } from "./transport.js";
import { assertValidRequest } from "./validate.js";

type Operation<O extends OperationId> = OperationTypes[O];
type ContentOf<T> = T extends { content: infer C } ? C[keyof C] : undefined;
type SuccessStatus = 200 | 201 | 204;

/** The path parameters, query and body of an operation, as the document types them. */
export interface OperationInput<O extends OperationId> {
  path?: Operation<O>["parameters"]["path"];
  query?: Operation<O>["parameters"]["query"];
  body?: ContentOf<Operation<O>["requestBody"]>;
}

/** What a success of the operation carries. */
export type OperationResult<O extends OperationId> = ContentOf<
  Operation<O>["responses"][SuccessStatus & keyof Operation<O>["responses"]]
>;

/** Calls `operation` and returns its success body, or throws a `SeekrFlowError`. */
export async function callOperation<O extends OperationId>(
  transport: Transport,
  operation: O,
  input: OperationInput<O>,
  options: RequestOptions | undefined,
): Promise<OperationResult<O>> {
  return (await send(transport, operation, input, options)).value as OperationResult<O>;
}

/** Calls an operation whose success is bytes and returns them as a stream. */
export async function streamOperation<O extends OperationId>(
  transport: Transport,
  operation: O,
  input: OperationInput<O>,
  options: RequestOptions | undefined,
): Promise<ReadableStream<Uint8Array>> {
  const { streamed } = await send(transport, operation, input, options);
  return streamed?.body ?? new ReadableStream({ start: (controller) => controller.close() });
}

async function send(
  transport: Transport,
  operation: OperationId,
  input: OperationInput<OperationId>,
  options: RequestOptions | undefined,
): Promise<Answer> {
  const path = input.path as Record<string, unknown> | undefined;
  const query = input.query as Record<string, unknown> | undefined;
  assertValidRequest(operation, { path, query, body: input.body });
  const { method, path: template, body: bodyKind, success } = operations[operation];
  const target = { operation, method, path: path ? fillPath(template, path) : template };
  let headers = transport.headers;
  let body: FormData | string | null = null;
  if (input.body !== undefined && bodyKind === "json") {
    headers = { ...headers, "content-type": "application/json" };
    body = JSON.stringify(input.body);
  } else if (input.body !== undefined && bodyKind === "multipart") {
    body = toFormData(input.body as Record<string, unknown>);
  }
  const url = transport.baseUrl + target.path + (query ? searchOf(query) : "");
  const answer = await transport.send(
    { target, operation, request: { url, method, headers, body }, success },
    options,
  );
  if (answer.status < 300) return answer;
  const hint = answer.status >= 500 ? takenEffectHint(target) : "";
  throw APIError.from(
    { ...target, status: answer.status, body: errorBody(answer.text), headers: answer.headers },
    hint,
  );
}

/** The path template with its parameters filled in, each encoded. */
function fillPath(template: string, path: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(path[name])),
  );
}

/** `?name=value&…` for the query's defined values; a list repeats its name (form, exploded). */
function searchOf(query: Record<string, unknown>): string {
  let search = "";
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      search += `${search ? "&" : "?"}${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`;
    }
  }
  return search;
}

/** Multipart form fields: each File becomes a file part with its name. */
function toFormData(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item instanceof File) form.append(key, item, item.name);
      else if (item !== undefined && item !== null) form.append(key, String(item));
    }
  }
  return form;
}

/** An error answer's body: FastAPI's JSON when it is JSON, else the text, else nothing. */
function errorBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
