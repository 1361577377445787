import { describe, expectTypeOf, it } from "vitest";
import {
  type components,
  createSeekrFlowClient,
  type DataJobCreateRequest,
  type DataJobDetail,
  type DataJobType,
  type FileObject,
  type operations,
} from "../src/index.js";

describe("generated types follow the document", () => {
  it("requires name and job_type on create", () => {
    expectTypeOf<DataJobCreateRequest["name"]>().toEqualTypeOf<string>();
    expectTypeOf<DataJobCreateRequest>().toHaveProperty("job_type");
    // @ts-expect-error name is required
    const noName: DataJobCreateRequest = { job_type: "principle_files" };
    // @ts-expect-error job_type is required
    const noType: DataJobCreateRequest = { name: "x" };
    void noName;
    void noType;
  });

  it("accepts exactly the three job types", () => {
    expectTypeOf<DataJobType>().toEqualTypeOf<
      "principle_files" | "context_grounded_files" | "context_grounded_vector_db"
    >();
    // @ts-expect-error not a job type
    const wrong: DataJobCreateRequest = { name: "x", job_type: "principles" };
    void wrong;
  });

  it("lets nullable fields take null and keeps optional fields optional", () => {
    expectTypeOf<{
      name: "x";
      job_type: "principle_files";
      system_prompt: null;
      instructions: null;
      vector_database_id: null;
    }>().toExtend<DataJobCreateRequest>();
    expectTypeOf<DataJobDetail["alignment_job_id"]>().toEqualTypeOf<string | null>();
    expectTypeOf<DataJobDetail["alignment_job"]>().toExtend<object | null | undefined>();
  });

  it("types binary upload parts and file content as Blob, not string", () => {
    expectTypeOf<components["schemas"]["FileUploadForm"]["files"]>().toEqualTypeOf<Blob>();
    expectTypeOf<components["schemas"]["BulkFileUploadForm"]["files"]>().toEqualTypeOf<Blob[]>();
    type Content =
      operations["getFileContent"]["responses"][200]["content"]["application/octet-stream"];
    expectTypeOf<Content>().toEqualTypeOf<Blob>();
    expectTypeOf<FileObject["id"]>().toEqualTypeOf<string>();
  });

  it("rejects an unknown field in the client's POST body at compile time", () => {
    const client = createSeekrFlowClient({ apiKey: "k" });
    void (() =>
      client.POST("/v1/flow/data-jobs", {
        body: {
          name: "n",
          job_type: "principle_files",
          // @ts-expect-error not a field of DataJobCreateRequest
          colour: "blue",
        },
      }));
    void (() =>
      // @ts-expect-error body is required
      client.POST("/v1/flow/data-jobs", {}));
  });
});
