/**
 * How the facade calls an operation: named once, by its operationId. Method, path, body kind and
 * what a success carries come from the generated table; the input is checked against the document
 * here, the URL is made as openapi-fetch makes it, and the call goes straight to the transport,
 * whose answer is unwrapped into its data or a typed `APIError` for an error status. A client with
 * middleware sends through openapi-fetch instead, so that the middleware sees the call.
 */
import {
  type Client,
  createFinalURL,
  createQuerySerializer,
  defaultPathSerializer,
  type Middleware,
} from "openapi-fetch";
import { type OperationId, operationTable } from "../generated/operations.js";
import type { paths } from "../generated/schema.js";
import { APIPromise, type CallResult } from "./api-promise.js";
import type { ResolvedConfig } from "./config.js";
import { APIError, requestIdOf } from "./errors.js";
import { targetOf } from "./find-operation.js";
import { retryModeOf, takenEffectHint } from "./retry-policy.js";
import { type RequestOptions, sendCall, transportFetch, type UploadForm } from "./transport.js";
import type { CallInput, DataOf } from "./operation-types.js";
import { assertValidRequest } from "./validate.js";

/** Query strings as openapi-fetch writes them by default (`a=1&a=2` for a list). */
const querySerializer = createQuerySerializer();

/** The typed client and settings the facade's resources call through. */
export class Caller {
  /** @internal Made by `SeekrFlow`, with its middleware list (the same array, as it grows). */
  constructor(
    readonly client: Client<paths>,
    readonly config: ResolvedConfig,
    readonly middleware: readonly Middleware[],
  ) {}

  /** Sends `operation` with `input` and per-call `options`; resolves with its data, or rejects. */
  call<Op extends OperationId>(
    operation: Op,
    input: CallInput<Op> = {},
    options: RequestOptions = {},
  ): APIPromise<DataOf<Op>> {
    return new APIPromise(this.result(operation, input, options));
  }

  /**
   * The same as `call`, as a promise of the data with its response; `upload` is a form sent as
   * is (and the `fetch` to stream it with).
   */
  async result<Op extends OperationId>(
    operation: Op,
    input: CallInput<Op> = {},
    options: RequestOptions = {},
    upload?: UploadForm,
  ): Promise<CallResult<DataOf<Op>>> {
    const { path, query, body } = input as Sent;
    await assertValidRequest(operation, { path, query, body });
    const outcome = await (this.middleware.length
      ? this.throughMiddleware(operation, { path, query, body }, options, upload)
      : this.send(operation, { path, query, body }, options, upload));
    const { response } = outcome;
    const requestId = requestIdOf(response.headers);
    if (outcome.ok)
      return { data: outcome.data as DataOf<Op>, response, requestId, unread: outcome.unread };
    const target = targetOf(operation, path);
    const mode = options.retry ?? retryModeOf(operation, target.method);
    // The path as it was sent: under the base URL's own path, so that a doubled /v1 shows.
    const sent = `${this.config.baseUrl.pathname.replace(/\/$/, "")}${target.path}`;
    throw APIError.from(
      {
        ...target,
        path: sent,
        status: response.status,
        body: outcome.error,
        headers: response.headers,
      },
      response.status >= 500 ? takenEffectHint(operation, mode) : "",
    );
  }

  /** The call as the transport sends it: the URL, the client's headers, the body as JSON or a form. */
  private async send(
    operation: OperationId,
    { path, query, body }: Sent,
    options: RequestOptions,
    upload: UploadForm | undefined,
  ): Promise<Unwrapped> {
    const { method, path: template } = operationTable[operation];
    const json = !upload && body !== undefined;
    const { response, answer } = await sendCall(
      this.config,
      options,
      {
        operation,
        method,
        url: createFinalURL(template, {
          baseUrl: this.config.baseUrl.href.replace(/\/$/, ""),
          params: { path: path ?? {}, query: query ?? {} },
          querySerializer,
          pathSerializer: defaultPathSerializer,
        }),
        headers: json
          ? { "content-type": "application/json", ...this.config.headers }
          : this.config.headers,
        body: json ? JSON.stringify(body) : null,
      },
      upload,
    );
    // A download's body is left to stream (no answer): its response is as it came.
    if (!answer) return { ok: true, response, data: response.body, unread: () => response };
    if (!response.ok) return { ok: false, response, error: errorBody(answer.body) };
    return {
      ok: true,
      response,
      // Parsed by the transport where the document promises JSON; nothing for no content.
      data: answer.json,
      unread: () =>
        new Response(answer.body === "" ? null : answer.body, {
          status: answer.status,
          statusText: response.statusText,
          headers: answer.headers,
        }),
    };
  }

  /**
   * The call through openapi-fetch, so that the client's middleware sees it; the Response the
   * middleware hands back (the transport's, or one a middleware made) is read here.
   */
  private async throughMiddleware(
    operation: OperationId,
    { path, query, body }: Sent,
    options: RequestOptions,
    upload: UploadForm | undefined,
  ): Promise<Unwrapped> {
    const { method, path: template, success } = operationTable[operation];
    const request = this.client.request as (
      method: string,
      path: string,
      init: Record<string, unknown>,
    ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
    const { data, error, response } = await request(method, template, {
      params: { path, query },
      // An upload's own form is what the transport sends (its `UploadForm`).
      body,
      // A success's body is left to be read here (a download's: by the caller).
      parseAs: "stream",
      fetch: transportFetch(this.config, { ...options, operation }, upload),
    });
    if (!response.ok) return { ok: false, response, error };
    if (success === "binary") return { ok: true, response, data, unread: () => response };
    const copy = response.clone();
    const text = await response.text();
    return {
      ok: true,
      response,
      // A middleware's answer may be empty where JSON is promised: no data, as for no content.
      data: success === "json" && text !== "" ? JSON.parse(text) : undefined,
      unread: () => copy,
    };
  }
}

/** What a call came back with: a success's data and its response unread, or an error's body. */
type Unwrapped =
  | { ok: true; response: Response; data: unknown; unread(): Response }
  | { ok: false; response: Response; error: unknown };

/** A call's path, query and body, as its input names them. */
interface Sent {
  path?: Record<string, string> | undefined;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
}

/** An error's body: its JSON, else its text (none when empty). */
function errorBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
