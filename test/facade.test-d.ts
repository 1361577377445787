import { describe, expectTypeOf, it } from "vitest";
import {
  type APIError,
  type DataJob,
  type DataJobDetail,
  type FileObject,
  SeekrFlow,
  type ValidationErrorItem,
} from "../src/index.js";

const flow = new SeekrFlow({ apiKey: "k" });

describe("the facade's types come from the document", () => {
  it("rejects a wrong job_type or a missing name at compile time", () => {
    void (() =>
      // @ts-expect-error not a job type
      flow.dataJobs.create({ name: "x", job_type: "principles" }));
    void (() =>
      // @ts-expect-error name is required
      flow.dataJobs.create({ job_type: "principle_files" }));
    void (() =>
      // @ts-expect-error file_ids must be a list of ids
      flow.dataJobs.addFiles("dj-1", { file_ids: "file-1" }));
    void (() =>
      // @ts-expect-error purpose is required for uploads
      flow.files.upload("a.pdf", {}));
  });

  it("returns the generated types", () => {
    expectTypeOf(flow.dataJobs.create).returns.resolves.toEqualTypeOf<DataJob>();
    expectTypeOf(flow.dataJobs.get).returns.resolves.toEqualTypeOf<DataJobDetail>();
    expectTypeOf(flow.files.get).returns.resolves.toEqualTypeOf<FileObject>();
  });

  it("awaits a list to a page and iterates it to items", async () => {
    const page = await flow.dataJobs.list();
    // The document does not require `data`: the page is as the API sent it (for await sees none).
    expectTypeOf(page.data).toEqualTypeOf<DataJob[] | undefined>();
    for await (const job of flow.dataJobs.list()) expectTypeOf(job).toEqualTypeOf<DataJob>();
  });

  it("withResponse gives the data with its Response", async () => {
    const { data, response, requestId } = await flow.dataJobs.get("dj-1").withResponse();
    expectTypeOf(data).toEqualTypeOf<DataJobDetail>();
    expectTypeOf(response).toEqualTypeOf<Response>();
    expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
  });

  it("types an APIError's detail as the document's error bodies", () => {
    expectTypeOf<APIError["detail"]>().toEqualTypeOf<string | ValidationErrorItem[] | undefined>();
  });
});
