/**
 * What a facade call returns: a real Promise of the result that also keeps the HTTP response,
 * as openai-node's `APIPromise` does. `await flow.dataJobs.get(id)` is the job;
 * `await flow.dataJobs.get(id).withResponse()` is `{ data, response, requestId }`;
 * `await flow.dataJobs.get(id).asResponse()` is the HTTP response with its body unread.
 */

/** A result with the response that carried it. */
export interface WithResponse<T> {
  /** The result, as `await` gives it. */
  data: T;
  /** The HTTP response (its body already read). */
  response: Response;
  /** The `cf-ray` header, to quote when reporting a problem. */
  requestId: string | undefined;
}

/** @internal What a facade call resolves to: the result, and its response with the body unread. */
export interface CallResult<T> extends WithResponse<T> {
  unread(): Response;
}

/**
 * A Promise of `T` made from a promise of `T` with its response. Awaiting it, or calling
 * `withResponse()` or `asResponse()`, any number of times shares one request.
 */
export class APIPromise<T> extends Promise<T> {
  /** Promises derived with `then` are plain Promises. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #result: Promise<CallResult<T>>;
  #data: Promise<T> | undefined;

  /** @internal Made by the facade's methods. */
  constructor(result: Promise<CallResult<T>>) {
    super((resolve) => resolve(undefined as T));
    this.#result = result;
  }

  /** The result with the HTTP response that carried it and its request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result.then(({ data, response, requestId }) => ({ data, response, requestId }));
  }

  /**
   * The HTTP response of a successful call, its body unread (a new `Response` each time): for
   * its headers, or to read the body yourself. A failed call rejects as `await` does.
   */
  asResponse(): Promise<Response> {
    return this.#result.then((result) => result.unread());
  }

  #value(): Promise<T> {
    return (this.#data ??= this.#result.then(({ data }) => data));
  }

  // A rejection handler may name the error it expects (`(e: APIError) => …`), as with a Promise:
  // `E` is inferred from it, and what reaches it is whatever the call threw.
  override then<A = T, B = never, E = unknown>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: E) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#value().then(onFulfilled, onRejected as ((reason: unknown) => B) | null);
  }

  override catch<B = never, E = unknown>(
    onRejected?: ((reason: E) => B | PromiseLike<B>) | null,
  ): Promise<T | B> {
    return this.#value().catch(onRejected as ((reason: unknown) => B) | null);
  }

  override finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#value().finally(onFinally);
  }
}
