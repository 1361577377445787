/**
 * What an error says is product: each class's name, how a server's detail becomes a message,
 * how long excerpts get, where a broken constraint is and what it says.
 */
import { describe, expect, it } from "vitest";
import {
  APIAbortError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  BadResponseError,
  ConfigurationError,
  InternalServerError,
  InvalidRequestError,
  SeekrFlow,
  SeekrFlowError,
  UnprocessableEntityError,
  DataJobStateError,
  WaitTimeoutError,
  type DataJobDetail,
} from "../src/index.js";
import { invalidFields, issueLocation } from "../src/core/issues.js";
import type { ValidationIssue } from "../src/generated/validators.js";

const target = { operation: "getDataJob", method: "GET", path: "/v1/flow/data-jobs/dj-1" };
const apiError = (
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
  hint?: string,
) => APIError.from({ ...target, status, body, headers: new Headers(extra) }, hint);
const issue = (fields: Partial<ValidationIssue>): ValidationIssue =>
  ({ instancePath: "", schemaPath: "", keyword: "type", params: {}, ...fields }) as ValidationIssue;

describe("error classes", () => {
  // errors.test.ts maps the common statuses through a call; these are the edges of the table.
  it.each([
    [422, UnprocessableEntityError],
    [599, InternalServerError],
    [418, APIError],
    [499, APIError],
  ])("a %i is a %o, named as its class", (status, Class) => {
    const error = apiError(status, { detail: "no" });
    expect(error.constructor).toBe(Class);
    expect(error.name).toBe(Class.name);
    expect(error).toBeInstanceOf(SeekrFlowError);
  });

  it("names the request of every error about one: operation, method and path", async () => {
    const flow = new SeekrFlow({ apiKey: "k", baseUrl: "http://127.0.0.1:9" });
    const invalid = await flow.dataJobs.get("..").catch((error: unknown) => error);
    expect(invalid).toMatchObject({
      operation: "getDataJob",
      method: "GET",
      path: "/v1/flow/data-jobs/..",
    });
    const empty = await flow.dataJobs
      .create({ name: "", job_type: "principle_files" })
      .catch((e: unknown) => e);
    expect(empty).toMatchObject({
      operation: "createDataJob",
      method: "POST",
      path: "/v1/flow/data-jobs",
    });
    const aborted = await flow.dataJobs
      .get("dj-1", { signal: AbortSignal.abort() })
      .catch((error: unknown) => error);
    expect(aborted).toBeInstanceOf(APIAbortError);
    expect(aborted).toMatchObject({
      operation: "getDataJob",
      method: "GET",
      path: "/v1/flow/data-jobs/dj-1",
    });
    const helper = new InvalidRequestError("waitFor", []);
    expect([helper.method, helper.path]).toEqual([undefined, undefined]);
  });

  it("a job's state error lists every reason the job gives, each once", () => {
    const job = {
      id: "dj-1",
      status: "needs_review",
      status_message: "Two files need attention.",
      alignment_job: { status_message: "Not started." },
      ingestion_jobs: [
        {
          records: [
            {
              filename: "scan.pdf",
              status: "failed",
              error_message: "No text.",
              suggested_fix: "OCR it.",
            },
            { filename: "ok.md", status: "completed", error_message: null, suggested_fix: null },
            {
              filename: "odd.doc",
              status: "failed",
              error_message: null,
              suggested_fix: "Save as docx.",
            },
          ],
        },
      ],
      files: [
        { file_id: "file-1", name: "scan.pdf", status: "failed", suggested_fix: "OCR it." },
        { file_id: "file-2", status: null, suggested_fix: "Split it." },
      ],
    } as unknown as DataJobDetail;
    expect(new DataJobStateError(job, "reach ready_to_start").reasons).toEqual([
      "Two files need attention.",
      "Not started.",
      "scan.pdf: No text. (fix: OCR it.)",
      "odd.doc: failed (fix: Save as docx.)",
      "file-2: problem (fix: Split it.)",
    ]);
  });

  it("every other class is named as it is", () => {
    const errors: [Error, string][] = [
      [new SeekrFlowError("x"), "SeekrFlowError"],
      [new ConfigurationError("x"), "ConfigurationError"],
      [new InvalidRequestError("op", []), "InvalidRequestError"],
      [new APIConnectionError(target, "x", { mayHaveTakenEffect: false }), "APIConnectionError"],
      [new APITimeoutError(target, "x", { mayHaveTakenEffect: true }), "APITimeoutError"],
      [new APIAbortError(target, "x"), "APIAbortError"],
      [
        new BadResponseError(target, { status: 200, headers: new Headers(), body: "" }, "x"),
        "BadResponseError",
      ],
    ];
    for (const [error, name] of errors) expect(error.name).toBe(name);
  });
});

describe("an API error's message", () => {
  it("names the call, the status and the detail, and the request id", () => {
    expect(apiError(404, { detail: "Data job not found." }, { "cf-ray": "8f-AMS" }).message).toBe(
      "getDataJob (GET /v1/flow/data-jobs/dj-1) failed with 404: Data job not found. [cf-ray 8f-AMS]",
    );
  });

  it("ends the detail with one full stop before a hint", () => {
    const hint = " It was not retried because it may have taken effect: check.";
    expect(apiError(500, { detail: "db down" }, {}, hint).message).toBe(
      `getDataJob (GET /v1/flow/data-jobs/dj-1) failed with 500: db down.${hint}`,
    );
    expect(apiError(500, { detail: "db down." }, {}, hint).message).toMatch(/: db down\. It was/);
  });

  it("says when there is no detail", () => {
    expect(apiError(500, undefined).message).toMatch(
      /failed with 500: no details in the response$/,
    );
    expect(apiError(500, "").message).toMatch(/failed with 500: no details in the response$/);
    expect(apiError(500, { detail: "" }).detail).toBe("");
  });

  it("lists a 422's items as field: message, and keeps them as detail", () => {
    const items = [
      {
        loc: ["body", "name"],
        msg: "String should have at least 1 character",
        type: "string_too_short",
      },
      {
        loc: ["query", "limit"],
        msg: "Input should be less than or equal to 100",
        type: "less_than_equal",
      },
    ];
    const error = apiError(422, { detail: items });
    expect(error.detail).toEqual(items);
    expect(error.message).toMatch(
      /: body\.name: String should have at least 1 character; query\.limit: Input should be less than or equal to 100$/,
    );
  });

  it("a list that is not FastAPI's items is kept as text", () => {
    const error = apiError(400, { detail: [{ msg: "ok" }, "odd"] });
    expect(error.detail).toBe('[{"msg":"ok"},"odd"]');
    expect(apiError(400, { detail: [null] }).detail).toBe("[null]");
    expect(apiError(400, { detail: [{ message: "x" }] }).detail).toBe('[{"message":"x"}]');
  });

  it("a body without detail is the detail, as text", () => {
    expect(apiError(400, { error: "bad" }).detail).toBe('{"error":"bad"}');
    expect(apiError(502, "<h1>Bad Gateway</h1>").detail).toBe("<h1>Bad Gateway</h1>");
  });

  it("puts a page on one line, at most 300 characters", () => {
    expect(apiError(502, "  <h1>Bad\n\n   Gateway</h1>\t").message).toMatch(
      /failed with 502: <h1>Bad Gateway<\/h1>$/,
    );
    const long = "x".repeat(301);
    expect(apiError(502, long).message).toMatch(new RegExp(`: ${"x".repeat(300)}…$`));
    expect(apiError(502, "y".repeat(300)).message).toMatch(new RegExp(`: ${"y".repeat(300)}$`));
  });
});

describe("a bad response's message", () => {
  const bad = (body: string, extra: Record<string, string> = {}) =>
    new BadResponseError(target, { status: 200, headers: new Headers(extra), body }, "a problem");

  it("quotes the first 200 characters of the body", () => {
    expect(bad("y".repeat(200)).excerpt).toBe("y".repeat(200));
    expect(bad("z".repeat(201)).excerpt).toBe(`${"z".repeat(200)}…`);
    expect(bad("<html>").message).toBe(
      'getDataJob (GET /v1/flow/data-jobs/dj-1) answered 200 with a problem: "<html>"',
    );
  });

  it("leaves out an empty excerpt, and adds the request id", () => {
    expect(bad("", { "cf-ray": "1a" }).message).toBe(
      "getDataJob (GET /v1/flow/data-jobs/dj-1) answered 200 with a problem [cf-ray 1a]",
    );
  });
});

describe("a broken constraint", () => {
  it("is located by its path, decoded, with the missing property for required", () => {
    expect(issueLocation(issue({ instancePath: "/body/file_ids/2" }))).toEqual([
      "body",
      "file_ids",
      2,
    ]);
    expect(issueLocation(issue({ instancePath: "/body/v2/12/3x" }))).toEqual([
      "body",
      "v2",
      12,
      "3x",
    ]);
    expect(issueLocation(issue({ instancePath: "/header/x~1team~0id" }))).toEqual([
      "header",
      "x/team~id",
    ]);
    expect(
      issueLocation(
        issue({ instancePath: "/body", keyword: "required", params: { missingProperty: "name" } }),
      ),
    ).toEqual(["body", "name"]);
  });

  it("says what is wrong, field by field", () => {
    const error = new InvalidRequestError(
      "createDataJob",
      invalidFields([
        issue({ instancePath: "/body", keyword: "required", params: { missingProperty: "name" } }),
        issue({
          instancePath: "/body/job_type",
          keyword: "enum",
          params: { allowedValues: ["a", "b"] },
        }),
        issue({
          instancePath: "/body/name",
          keyword: "maxLength",
          params: { limit: 255 },
          message: "must NOT have more than 255 characters",
        }),
        issue({ instancePath: "/query/limit", keyword: "minimum", params: { limit: 1 } }),
        issue({ instancePath: "/query/limit", keyword: "maximum", params: { limit: 100 } }),
        issue({ instancePath: "/body/name", keyword: "minLength", params: { limit: 1 } }),
        issue({ instancePath: "/body/file_ids", keyword: "minItems", params: { limit: 1 } }),
        issue({ instancePath: "/body/file_ids", keyword: "maxItems", params: { limit: 50 } }),
        issue({ instancePath: "/body/limit", keyword: "type", params: { type: "integer" } }),
        issue({ instancePath: "/body/name", keyword: "type", params: { type: "string" } }),
        issue({
          instancePath: "/body/name",
          keyword: "type",
          params: { type: ["string", "null"] },
        }),
        issue({ keyword: "format", message: "must match format" }),
        issue({ keyword: "const" }),
        issue({ keyword: "type" }),
      ]),
    );
    expect(error.fields).toEqual([
      { field: "body.name", rule: "required", message: "is required" },
      { field: "body.job_type", rule: "enum", message: 'must be one of "a", "b"' },
      { field: "body.name", rule: "maxLength", message: "must be at most 255 characters long" },
      { field: "query.limit", rule: "minimum", message: "must be at least 1" },
      { field: "query.limit", rule: "maximum", message: "must be at most 100" },
      { field: "body.name", rule: "minLength", message: "must be at least 1 character long" },
      { field: "body.file_ids", rule: "minItems", message: "must have at least 1 item" },
      { field: "body.file_ids", rule: "maxItems", message: "must have at most 50 items" },
      { field: "body.limit", rule: "type", message: "must be an integer" },
      { field: "body.name", rule: "type", message: "must be a string" },
      { field: "body.name", rule: "type", message: "must be a string or null" },
      { field: "request", rule: "format", message: "must match format" },
      { field: "request", rule: "const", message: "is invalid" },
      { field: "request", rule: "type", message: "is invalid" },
    ]);
    expect(error.message).toMatch(
      /^createDataJob: invalid request, nothing was sent: body.name is required; body.job_type must be one of "a", "b"; body.name must be at most 255 characters long; query.limit must be at least 1;/,
    );
  });
});

describe("a job that cannot get there", () => {
  const job = (fields: Record<string, unknown>) =>
    ({ id: "dj-1", status: "failed", ...fields }) as unknown as DataJobDetail;

  it("lists what the server said, each once: messages, failed records and files with fixes", () => {
    const error = new DataJobStateError(
      job({
        status: "needs_review",
        status_message: "1 file(s) failed ingestion",
        alignment_job: { status_message: "1 file(s) failed ingestion" },
        ingestion_jobs: [
          {
            records: [
              { filename: "ok.md", status: "completed", error_message: null, suggested_fix: null },
              {
                filename: "scan.pdf",
                status: "failed",
                error_message: "Unreadable.",
                suggested_fix: "Export as text.",
              },
              {
                filename: "odd.doc",
                status: "failed",
                error_message: "Corrupt.",
                suggested_fix: null,
              },
              {
                filename: "slow.ppt",
                status: "failed",
                error_message: null,
                suggested_fix: "Split it.",
              },
            ],
          },
          {},
        ],
        files: [
          {
            file_id: "file-1",
            name: "scan.pdf",
            status: "failed",
            suggested_fix: "Export as text.",
          },
          { file_id: "file-2", name: null, status: null, suggested_fix: "Upload it again." },
          { file_id: "file-3", name: "fine.md", status: "completed", suggested_fix: null },
        ],
      }),
      "reach ready_to_start",
    );
    expect(error.reasons).toEqual([
      "1 file(s) failed ingestion",
      "scan.pdf: Unreadable. (fix: Export as text.)",
      "odd.doc: Corrupt.",
      "slow.ppt: failed (fix: Split it.)",
      "file-2: problem (fix: Upload it again.)",
    ]);
    expect(error.nextStep).toMatch(/^fix it/);
    expect(error.message).toBe(
      `Data job dj-1 is needs_review, so it will not reach ready_to_start until its owner acts: ${error.nextStep}. ${error.reasons.join("; ")}`,
    );
  });

  it("a job that ended, with nothing said: no next step, a plain sentence", () => {
    const error = new DataJobStateError(job({ status: "cancelled" }), "reach completed");
    expect(error.reasons).toEqual([]);
    expect(error.nextStep).toBeUndefined();
    expect(error.message).toBe("Data job dj-1 is cancelled, so it will not reach completed.");
  });

  it("a wait that timed out says where the job was, or that it was never seen", () => {
    expect(new WaitTimeoutError("dj-1", 5000, job({ status: "running" })).message).toBe(
      "Data job dj-1 was still running after 5000 ms; it goes on: wait again to keep following it.",
    );
    const unseen = new WaitTimeoutError("dj-2", 10, undefined);
    expect(unseen.message).toBe(
      "Data job dj-2 was still unknown after 10 ms; it goes on: wait again to keep following it.",
    );
    expect(unseen.job).toBeUndefined();
  });
});

describe("every error about a request names where it went", () => {
  it.each([
    ["APIError", () => apiError(404, { detail: "no" })],
    [
      "APIConnectionError",
      () => new APIConnectionError(target, "x", { mayHaveTakenEffect: false }),
    ],
    ["APITimeoutError", () => new APITimeoutError(target, "x", { mayHaveTakenEffect: true })],
    [
      "BadResponseError",
      () => new BadResponseError(target, { status: 200, headers: new Headers(), body: "" }, "x"),
    ],
  ])("%s: operation, method and path", (_name, make) => {
    expect(make()).toMatchObject(target);
  });
});
