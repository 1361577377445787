/**
 * 422 bodies as SeekrFlow (FastAPI and pydantic) sends them, made from the document's validators'
 * output in this one place: `{ detail: [{ loc, msg, type, input, ctx }] }` with pydantic's type
 * names, so that tests written against the stand-in parse the real service's errors too.
 */
import { issueLocation } from "../core/issues.js";
import type { ValidationIssue } from "../generated/validators.js";

/** One item of a FastAPI 422 body. */
export interface FastApiError {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

const quoted = (values: unknown[]): string => {
  const items = values.map((v) => `'${String(v)}'`);
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} or ${items.at(-1)}` : items.join("");
};

/** The value at `loc` in `input`, if there is one. */
function valueAt(input: unknown, loc: (string | number)[]): unknown {
  let node = input;
  for (const key of loc) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** The FastAPI item for one validator issue; `request` is what was validated. */
export function fastApiError(issue: ValidationIssue, request: unknown): FastApiError {
  const loc = issueLocation(issue);
  // A missing property's input is the object that lacks it.
  const input = valueAt(request, issue.keyword === "required" ? loc.slice(0, -1) : loc);
  const p = issue.params;
  const item = (type: string, msg: string, ctx?: Record<string, unknown>): FastApiError => ({
    loc,
    msg,
    type,
    input,
    ...(ctx ? { ctx } : {}),
  });
  switch (issue.keyword) {
    case "required":
      return item("missing", "Field required");
    case "minLength":
      return item(
        "string_too_short",
        `String should have at least ${p.limit} character${p.limit === 1 ? "" : "s"}`,
        { min_length: p.limit },
      );
    case "maxLength":
      return item("string_too_long", `String should have at most ${p.limit} characters`, {
        max_length: p.limit,
      });
    case "enum": {
      const expected = quoted(p.allowedValues as unknown[]);
      return item("enum", `Input should be ${expected}`, { expected });
    }
    case "minItems":
      return item(
        "too_short",
        `List should have at least ${p.limit} item${p.limit === 1 ? "" : "s"} after validation, not ${Array.isArray(input) ? input.length : 0}`,
        {
          field_type: "List",
          min_length: p.limit,
          actual_length: Array.isArray(input) ? input.length : 0,
        },
      );
    case "maxItems":
      return item(
        "too_long",
        `List should have at most ${p.limit} items after validation, not ${Array.isArray(input) ? input.length : 0}`,
        {
          field_type: "List",
          max_length: p.limit,
          actual_length: Array.isArray(input) ? input.length : 0,
        },
      );
    case "minimum":
      return item("greater_than_equal", `Input should be greater than or equal to ${p.limit}`, {
        ge: p.limit,
      });
    case "maximum":
      return item("less_than_equal", `Input should be less than or equal to ${p.limit}`, {
        le: p.limit,
      });
    case "exclusiveMinimum":
      return item("greater_than", `Input should be greater than ${p.limit}`, { gt: p.limit });
    case "exclusiveMaximum":
      return item("less_than", `Input should be less than ${p.limit}`, { lt: p.limit });
    case "pattern":
      return item("string_pattern_mismatch", `String should match pattern '${p.pattern}'`, {
        pattern: p.pattern,
      });
    case "additionalProperties":
      return {
        loc: [...loc, String(p.additionalProperty)],
        msg: "Extra inputs are not permitted",
        type: "extra_forbidden",
        input: valueAt(input, [String(p.additionalProperty)]),
      };
    case "type":
      return typeError(item, String(p.type), input);
    default:
      return item("value_error", `Value error, ${issue.message ?? "invalid value"}`);
  }
}

function typeError(
  item: (type: string, msg: string) => FastApiError,
  expected: string,
  input: unknown,
): FastApiError {
  const wanted = expected.split(",")[0];
  if (wanted === "integer")
    return typeof input === "string"
      ? item("int_parsing", "Input should be a valid integer, unable to parse string as an integer")
      : item("int_type", "Input should be a valid integer");
  if (wanted === "number") return item("float_parsing", "Input should be a valid number");
  if (wanted === "boolean") return item("bool_parsing", "Input should be a valid boolean");
  if (wanted === "array") return item("list_type", "Input should be a valid list");
  if (wanted === "object")
    return item(
      "model_attributes_type",
      "Input should be a valid dictionary or object to extract fields from",
    );
  return item("string_type", "Input should be a valid string");
}
