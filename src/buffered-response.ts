/**
 * A Response whose body the transport already read in full (inside the timeout) and, for JSON,
 * parsed while checking it. It holds no body stream: on Node 20 making one costs more than the
 * rest of the request path, so text(), json(), arrayBuffer(), blob(), body and clone() answer
 * from the buffer instead.
 */
const TEXT = Symbol("text");
const VALUE = Symbol("value");
const UNPARSED = Symbol("unparsed");

export class BufferedResponse extends Response {
  declare [TEXT]: string;
  declare [VALUE]: unknown;

  /** `value` is the parsed JSON of `text`, when the transport parsed it. */
  constructor(text: string, init: ResponseInit, value: unknown = UNPARSED) {
    super(null, init);
    this[TEXT] = text;
    this[VALUE] = value;
  }
}

type Buffered = BufferedResponse;
Object.defineProperties(BufferedResponse.prototype, {
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
      return new BufferedResponse(
        this[TEXT],
        { status: this.status, statusText: this.statusText, headers: this.headers },
        this[VALUE],
      );
    },
  },
});
