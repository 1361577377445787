import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintReport } from "../scripts/generate.js";

describe("the OpenAPI document", () => {
  it("is valid and lint-clean: no errors, no warnings", async () => {
    const report = lintReport();
    expect(report.problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("lint catches a broken convention: camelCase operationId, a 422 and an example on every operation", async () => {
    const source = await readFile("openapi/seekrflow.yaml", "utf8");
    const broken = source
      .replace("operationId: getFile\n", "operationId: get_file\n")
      .replace(/(operationId: listFiles[\s\S]*?)'422':/, "$1'418':")
      .replace("            example:\n              name: Employee handbook QA (second run)\n", "");
    expect(broken).not.toBe(source);
    const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-lint-"));
    try {
      const file = path.join(dir, "broken.yaml");
      await writeFile(file, broken);
      const rules = lintReport(file).problems.map((p) => p.ruleId);
      expect(rules).toEqual(
        expect.arrayContaining([
          "rule/operation-id-camel-case",
          "rule/operation-declares-422",
          "rule/media-type-has-example",
        ]),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("creates a data job exactly as the seed page shows: fields, required, lengths, enum", async () => {
    const { parse } = await import("yaml");
    const doc = parse(await readFile("openapi/seekrflow.yaml", "utf8"));
    const create = doc.components.schemas.DataJobCreateRequest;
    expect(create.required).toEqual(["name", "job_type"]);
    expect(Object.keys(create.properties)).toEqual([
      "name",
      "job_type",
      "system_prompt",
      "instructions",
      "vector_database_id",
    ]);
    expect(create.properties.name).toMatchObject({ type: "string", minLength: 1, maxLength: 255 });
    expect(create.properties.system_prompt).toMatchObject({
      type: ["string", "null"],
      minLength: 1,
    });
    expect(doc.components.schemas.DataJobType.enum).toEqual([
      "principle_files",
      "context_grounded_files",
      "context_grounded_vector_db",
    ]);
    const response = doc.components.schemas.DataJobResponse;
    expect(response.required).toEqual([
      "id",
      "user_id",
      "name",
      "job_type",
      "alignment_job_id",
      "created_at",
      "updated_at",
      "status",
    ]);
    expect(doc.paths["/v1/flow/data-jobs"].post.operationId).toBe("createDataJob");
    expect(doc.components.securitySchemes.apiKey).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "Authorization",
    });
  });
});
