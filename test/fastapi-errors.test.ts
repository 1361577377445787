/**
 * The stand-in's 422 items, one per rule the document's validators report, each as FastAPI and
 * pydantic word it (`type`, `msg`, `ctx`), with the offending input beside its location.
 */
import { describe, expect, it } from "vitest";
import type { ValidationIssue } from "../src/generated/validators.js";
import { fastApiError } from "../src/testing/fastapi-errors.js";

const issue = (
  instancePath: string,
  keyword: string,
  params: Record<string, unknown>,
  message?: string,
): ValidationIssue => ({ instancePath, keyword, params, ...(message ? { message } : {}) });

const request = {
  body: {
    name: "",
    job_type: "other",
    file_ids: ["a", "b", "c"],
    limit: "ten",
    count: 1.5,
    nested: { flag: "yes" },
    "a/b~c": 7,
  },
};

describe("the stand-in's FastAPI 422 items", () => {
  it.each<[string, ValidationIssue, unknown]>([
    [
      "a missing field: its input is the object that lacks it",
      issue("/body", "required", { missingProperty: "prompt" }),
      { loc: ["body", "prompt"], msg: "Field required", type: "missing", input: request.body },
    ],
    [
      "a string one character too short",
      issue("/body/name", "minLength", { limit: 1 }),
      {
        loc: ["body", "name"],
        msg: "String should have at least 1 character",
        type: "string_too_short",
        input: "",
        ctx: { min_length: 1 },
      },
    ],
    [
      "a string several characters too short",
      issue("/body/name", "minLength", { limit: 3 }),
      {
        loc: ["body", "name"],
        msg: "String should have at least 3 characters",
        type: "string_too_short",
        input: "",
        ctx: { min_length: 3 },
      },
    ],
    [
      "a string too long",
      issue("/body/name", "maxLength", { limit: 255 }),
      {
        loc: ["body", "name"],
        msg: "String should have at most 255 characters",
        type: "string_too_long",
        input: "",
        ctx: { max_length: 255 },
      },
    ],
    [
      "a value of no enum member, members quoted and the last after 'or'",
      issue("/body/job_type", "enum", { allowedValues: ["x", "y", "z"] }),
      {
        loc: ["body", "job_type"],
        msg: "Input should be 'x', 'y' or 'z'",
        type: "enum",
        input: "other",
        ctx: { expected: "'x', 'y' or 'z'" },
      },
    ],
    [
      "an enum of one member",
      issue("/body/job_type", "enum", { allowedValues: ["x"] }),
      {
        loc: ["body", "job_type"],
        msg: "Input should be 'x'",
        type: "enum",
        input: "other",
        ctx: { expected: "'x'" },
      },
    ],
    [
      "a list too short, counting what it has",
      issue("/body/file_ids", "minItems", { limit: 4 }),
      {
        loc: ["body", "file_ids"],
        msg: "List should have at least 4 items after validation, not 3",
        type: "too_short",
        input: ["a", "b", "c"],
        ctx: { field_type: "List", min_length: 4, actual_length: 3 },
      },
    ],
    [
      "a list short of one item, which is not a list",
      issue("/body/name", "minItems", { limit: 1 }),
      {
        loc: ["body", "name"],
        msg: "List should have at least 1 item after validation, not 0",
        type: "too_short",
        input: "",
        ctx: { field_type: "List", min_length: 1, actual_length: 0 },
      },
    ],
    [
      "a list too long",
      issue("/body/file_ids", "maxItems", { limit: 2 }),
      {
        loc: ["body", "file_ids"],
        msg: "List should have at most 2 items after validation, not 3",
        type: "too_long",
        input: ["a", "b", "c"],
        ctx: { field_type: "List", max_length: 2, actual_length: 3 },
      },
    ],
    [
      "a list too long that is not a list",
      issue("/body/name", "maxItems", { limit: 2 }),
      {
        loc: ["body", "name"],
        msg: "List should have at most 2 items after validation, not 0",
        type: "too_long",
        input: "",
        ctx: { field_type: "List", max_length: 2, actual_length: 0 },
      },
    ],
    [
      "a number under the minimum",
      issue("/body/count", "minimum", { limit: 2 }),
      {
        loc: ["body", "count"],
        msg: "Input should be greater than or equal to 2",
        type: "greater_than_equal",
        input: 1.5,
        ctx: { ge: 2 },
      },
    ],
    [
      "a number over the maximum",
      issue("/body/count", "maximum", { limit: 1 }),
      {
        loc: ["body", "count"],
        msg: "Input should be less than or equal to 1",
        type: "less_than_equal",
        input: 1.5,
        ctx: { le: 1 },
      },
    ],
    [
      "a number not over an exclusive minimum",
      issue("/body/count", "exclusiveMinimum", { limit: 2 }),
      {
        loc: ["body", "count"],
        msg: "Input should be greater than 2",
        type: "greater_than",
        input: 1.5,
        ctx: { gt: 2 },
      },
    ],
    [
      "a number not under an exclusive maximum",
      issue("/body/count", "exclusiveMaximum", { limit: 1 }),
      {
        loc: ["body", "count"],
        msg: "Input should be less than 1",
        type: "less_than",
        input: 1.5,
        ctx: { lt: 1 },
      },
    ],
    [
      "a string off its pattern",
      issue("/body/name", "pattern", { pattern: "^dj-" }),
      {
        loc: ["body", "name"],
        msg: "String should match pattern '^dj-'",
        type: "string_pattern_mismatch",
        input: "",
        ctx: { pattern: "^dj-" },
      },
    ],
    [
      "an extra field, located at the field itself",
      issue("/body", "additionalProperties", { additionalProperty: "nested" }),
      {
        loc: ["body", "nested"],
        msg: "Extra inputs are not permitted",
        type: "extra_forbidden",
        input: { flag: "yes" },
      },
    ],
    [
      "a path segment escaped as JSON Pointer says",
      issue("/body/a~1b~0c", "type", { type: "string" }),
      {
        loc: ["body", "a/b~c"],
        msg: "Input should be a valid string",
        type: "string_type",
        input: 7,
      },
    ],
    [
      "an integer given as text",
      issue("/body/limit", "type", { type: "integer" }),
      {
        loc: ["body", "limit"],
        msg: "Input should be a valid integer, unable to parse string as an integer",
        type: "int_parsing",
        input: "ten",
      },
    ],
    [
      "an integer given as a fraction, where null is allowed too",
      issue("/body/count", "type", { type: "integer,null" }),
      {
        loc: ["body", "count"],
        msg: "Input should be a valid integer",
        type: "int_type",
        input: 1.5,
      },
    ],
    [
      "a number",
      issue("/body/limit", "type", { type: "number" }),
      {
        loc: ["body", "limit"],
        msg: "Input should be a valid number",
        type: "float_parsing",
        input: "ten",
      },
    ],
    [
      "a boolean",
      issue("/body/nested/flag", "type", { type: "boolean" }),
      {
        loc: ["body", "nested", "flag"],
        msg: "Input should be a valid boolean",
        type: "bool_parsing",
        input: "yes",
      },
    ],
    [
      "a list",
      issue("/body/name", "type", { type: "array" }),
      { loc: ["body", "name"], msg: "Input should be a valid list", type: "list_type", input: "" },
    ],
    [
      "an object",
      issue("/body/name", "type", { type: "object" }),
      {
        loc: ["body", "name"],
        msg: "Input should be a valid dictionary or object to extract fields from",
        type: "model_attributes_type",
        input: "",
      },
    ],
    [
      "a list index in the location, and no input past a value that is not an object",
      issue("/body/file_ids/1/id", "type", { type: "string" }),
      {
        loc: ["body", "file_ids", 1, "id"],
        msg: "Input should be a valid string",
        type: "string_type",
        input: undefined,
      },
    ],
    [
      "any other rule, in ajv's words",
      issue("/body/name", "format", { format: "uuid" }, 'must match format "uuid"'),
      {
        loc: ["body", "name"],
        msg: 'Value error, must match format "uuid"',
        type: "value_error",
        input: "",
      },
    ],
    [
      "any other rule without words",
      issue("/body/name", "const", {}),
      { loc: ["body", "name"], msg: "Value error, invalid value", type: "value_error", input: "" },
    ],
  ])("%s", (_label, given, expected) => {
    expect(fastApiError(given, request)).toStrictEqual(expected);
  });

  it("finds no input under null", () => {
    expect(
      fastApiError(issue("/body/x/y", "type", { type: "string" }), { body: { x: null } }),
    ).toStrictEqual({
      loc: ["body", "x", "y"],
      msg: "Input should be a valid string",
      type: "string_type",
      input: undefined,
    });
  });
});
