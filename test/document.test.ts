/**
 * The one reading of the document every generator shares (scripts/document.ts): an operation's
 * inputs in one namespace with its collision check, what a file field is, the naming rules.
 */
import { describe, expect, it } from "vitest";
import {
  commandWords,
  type Document,
  eachOperation,
  inputsOf,
  isFile,
  kebab,
  toolName,
} from "../scripts/document.js";

/** A document of one operation with these parameters and this JSON (or form) body. */
const documentOf = (
  parameters: unknown[],
  properties: Record<string, unknown>,
  kind = "application/json",
): Document =>
  ({
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    components: {
      parameters: { Id: { name: "data_job_id", in: "path", required: true, example: "dj-1" } },
    },
    paths: {
      "/v1/jobs/{data_job_id}": {
        parameters: [{ $ref: "#/components/parameters/Id" }],
        post: {
          operationId: "updateDataJob",
          tags: ["Data jobs"],
          parameters,
          requestBody: {
            content: {
              [kind]: {
                schema: { type: "object", required: ["name"], properties },
                example: { name: "handbook" },
              },
            },
          },
          responses: {},
        },
      },
    },
  }) as unknown as Document;

const inputs = (document: Document, spell?: (name: string) => string) =>
  inputsOf(document, [...eachOperation(document)][0]! as never, spell);

describe("an operation's inputs, flattened", () => {
  it("puts path, query and body in one list, in that order, with what each says", () => {
    const { inputs: found, body } = inputs(
      documentOf([{ name: "limit", in: "query", schema: { type: "integer" } }], {
        name: { type: "string", description: "Its name." },
      }),
    );
    expect(found.map((i) => [i.name, i.in, i.required, i.example])).toEqual([
      ["data_job_id", "path", true, "dj-1"],
      ["limit", "query", false, undefined],
      ["name", "body", true, "handbook"],
    ]);
    expect(found[2]!.description).toBe("Its name.");
    expect(body?.kind).toBe("application/json");
  });

  it("refuses two inputs that spell the same: a surface could not tell them apart", () => {
    const twin = documentOf([{ name: "data-job-id", in: "query" }], { data_job_id: {} });
    expect(() => inputs(twin)).toThrow(/updateDataJob: data_job_id and data_job_id/);
    const kebabTwin = documentOf([{ name: "file_ids", in: "query" }], { "file-ids": {} });
    expect(() => inputs(kebabTwin)).not.toThrow();
    expect(() => inputs(kebabTwin, kebab)).toThrow(/file_ids and file-ids are both "file-ids"/);
  });

  it("takes a form's binary fields as files, and only a form's", () => {
    const file = { type: "string", contentMediaType: "application/octet-stream" };
    const form = documentOf(
      [],
      { files: { type: "array", items: file }, purpose: {} },
      "multipart/form-data",
    );
    expect(inputs(form).inputs.map((i) => [i.name, i.in])).toEqual([
      ["data_job_id", "path"],
      ["files", "file"],
      ["purpose", "body"],
    ]);
    const json = documentOf([], { files: file });
    expect(inputs(json).inputs.map((i) => i.in)).toEqual(["path", "body"]);
  });
});

describe("the naming rules", () => {
  it("knows a file by its format or media type, in a list too", () => {
    expect(isFile({ type: "string", format: "binary" })).toBe(true);
    expect(isFile({ type: "array", items: { contentMediaType: "application/octet-stream" } })).toBe(
      true,
    );
    expect(isFile({ type: "string" })).toBe(false);
    expect(isFile(undefined)).toBe(false);
  });

  it("names commands and tools from the tag and the operationId unless told", () => {
    const operation = { operationId: "startDataJob", tags: ["Data jobs"] };
    expect(commandWords(operation)).toEqual(["data-jobs", "start"]);
    expect(commandWords({ ...operation, "x-seekrflow-command": "go" })).toEqual([
      "data-jobs",
      "go",
    ]);
    expect(toolName(operation)).toBe("start_data_job");
    expect(toolName({ ...operation, "x-seekrflow-tool": "begin" })).toBe("begin");
    expect(kebab("dataJobs_ID")).toBe("data-jobs-id");
  });
});
