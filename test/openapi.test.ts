import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { lintReport } from "../scripts/generate.js";
import { readSeedPage } from "./support/seed-page.js";

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

  describe("says what the seed page says about submitting a data job", () => {
    const seed = readSeedPage();
    const doc = parse(readFileSync("openapi/seekrflow.yaml", "utf8"));
    const schema = (name: string) => doc.components.schemas[name];
    /** A property's own schema, following one `$ref`. */
    const resolve = (property: { $ref?: string }) =>
      property.$ref ? schema(property.$ref.split("/").pop()!) : property;
    const typesOf = (property: { type?: string | string[] }) =>
      [property.type ?? []].flat().filter((t) => t !== "null");

    it("reads the page: a POST with 5 body fields and 14 response fields", () => {
      expect([seed.method, seed.path, seed.authHeader]).toEqual([
        "POST",
        "/v1/flow/data-jobs",
        "Authorization",
      ]);
      expect(seed.body.map((f) => f.name)).toHaveLength(5);
      expect(seed.response.map((f) => f.name)).toHaveLength(14);
    });

    it("the operation and the key header", () => {
      const operation = doc.paths[seed.path]?.[seed.method.toLowerCase()];
      expect(operation?.operationId).toBe("createDataJob");
      expect(doc.components.securitySchemes.apiKey).toMatchObject({
        type: "apiKey",
        in: "header",
        name: seed.authHeader,
      });
    });

    it("each request field: required, nullable, lengths and allowed values", () => {
      const request = schema("DataJobCreateRequest");
      expect(Object.keys(request.properties)).toEqual(seed.body.map((f) => f.name));
      expect(request.required).toEqual(seed.body.filter((f) => f.required).map((f) => f.name));
      for (const field of seed.body) {
        const property = resolve(request.properties[field.name]);
        expect([field.name, [property.type].flat().includes("null")]).toEqual([
          field.name,
          field.nullable,
        ]);
        expect(typesOf(property)).toEqual(["string"]);
        expect({ name: field.name, min: property.minLength, max: property.maxLength }).toEqual({
          name: field.name,
          min: field.minLength,
          max: field.maxLength,
        });
        if (field.options) expect(property.enum).toEqual(field.options);
      }
    });

    it("each response field: present, required as the page says, nullable as it says", () => {
      const response = schema("DataJobResponse");
      expect(new Set(response.required)).toEqual(
        new Set(seed.response.filter((f) => f.required).map((f) => f.name)),
      );
      for (const field of seed.response) {
        const property = response.properties[field.name];
        expect(property, `DataJobResponse.${field.name}`).toBeDefined();
        if (field.options) {
          // The status: the page's values, each in one of the document's status enums.
          const known = property.anyOf.flatMap((s: { $ref?: string }) => resolve(s).enum);
          expect(known).toEqual(expect.arrayContaining(field.options));
        } else {
          expect([field.name, [property.type].flat().includes("null")]).toEqual([
            field.name,
            field.nullable,
          ]);
          if (field.type === "string<date-time>") expect(property.format).toBe("date-time");
        }
      }
    });
  });
});
