/**
 * A Response whose body the transport already read in full (inside the timeout) and, for JSON,
 * parsed while checking it. It holds no body stream: on Node 20 making one costs more than the
 * rest of the request path, so text(), json(), arrayBuffer(), blob(), body and clone() answer
 * from the buffer instead.
 */
const TEXT = Symbol("text");
const VALUE = Symbol("value");
const UNPARSED = Symbol("unparsed");

type Buffered = Response & { [TEXT]: string; [VALUE]: unknown };
type BufferedConstructor = new (text: string, init: ResponseInit, value?: unknown) => Buffered;

/** Made on first use: touching the global `Response` loads Node's fetch, ~35 ms of import time. */
let BufferedResponse: BufferedConstructor | undefined;

function defineBufferedResponse(): BufferedConstructor {
  class Defined extends Response {
    declare [TEXT]: string;
    declare [VALUE]: unknown;
    constructor(text: string, init: ResponseInit, value: unknown = UNPARSED) {
      super(null, init);
      this[TEXT] = text;
      this[VALUE] = value;
    }
  }
  Object.defineProperties(Defined.prototype, {
    text: {
      value: async function (this: Buffered) {
        return this[TEXT];
      },
    },
    json: {
      value: async function (this: Buffered) {
        return this[VALUE] === UNPARSED ? JSON.parse(this[TEXT]) : this[VALUE];
      },
    },
    arrayBuffer: {
      value: async function (this: Buffered) {
        return new TextEncoder().encode(this[TEXT]).buffer;
      },
    },
    blob: {
      value: async function (this: Buffered) {
        return new Blob([this[TEXT]], { type: this.headers.get("content-type") ?? "" });
      },
    },
    body: {
      get(this: Buffered) {
        return this[TEXT] === "" ? null : new Blob([this[TEXT]]).stream();
      },
    },
    clone: {
      value(this: Buffered) {
        return new Defined(
          this[TEXT],
          { status: this.status, statusText: this.statusText, headers: this.headers },
          this[VALUE],
        );
      },
    },
  });
  return Defined;
}

/** A Response answering from `text`; `value` is its parsed JSON when already parsed. */
export function bufferedResponse(text: string, init: ResponseInit, value?: unknown): Response {
  BufferedResponse ??= defineBufferedResponse();
  return value === undefined
    ? new BufferedResponse(text, init)
    : new BufferedResponse(text, init, value);
}
