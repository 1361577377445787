/**
 * The types of a call of an operation, from the document's types (openapi-typescript's
 * `operations`): what it takes and what it resolves with. Public, and importing nothing internal.
 */
import type { OperationId } from "../generated/operations.js";
import type { operations as Operations } from "../generated/schema.js";

type Parameters<Op extends OperationId> = Operations[Op]["parameters"];
type Body<Op extends OperationId> = Operations[Op] extends {
  requestBody?: { content: infer Content };
}
  ? Content[keyof Content]
  : never;
type Success<Op extends OperationId> = Operations[Op]["responses"][Extract<
  keyof Operations[Op]["responses"],
  200 | 201 | 204
>];

/** A call's input, as the document types it for the operation: path, query and body. */
export interface CallInput<Op extends OperationId> {
  path?: Parameters<Op>["path"];
  query?: Parameters<Op>["query"];
  body?: Body<Op>;
}

/** What a call of the operation resolves with: its success's JSON, a stream of its bytes, or nothing. */
export type DataOf<Op extends OperationId> =
  Success<Op> extends { content: { "application/json": infer Json } }
    ? Json
    : Success<Op> extends { content: object }
      ? ReadableStream<Uint8Array>
      : void;
