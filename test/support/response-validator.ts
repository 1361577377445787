/**
 * Validates a response against what the OpenAPI document declares for its operation and status,
 * with ajv and ajv-formats (date-time included).
 */
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { operationTable, type OperationId } from "../../src/generated/operations.js";

type Json = Record<string, any>;
const document = parse(readFileSync("openapi/seekrflow.yaml", "utf8")) as Json;
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addSchema({ $id: "doc", components: document.components });

function resolve(node: Json): Json {
  return node.$ref
    ? resolve(
        node.$ref
          .split("/")
          .slice(1)
          .reduce((o: Json, k: string) => o[k], document),
      )
    : node;
}

/** The problems of a JSON body for `operation` at `status`, or [] when it conforms. */
export function responseProblems(operation: OperationId, status: number, body: unknown): string[] {
  const { method, path } = operationTable[operation];
  const declared = document.paths[path][method.toLowerCase()].responses as Json;
  const response = declared[String(status)];
  if (!response) return [`status ${status} is not declared for ${operation}`];
  const schema = resolve(response).content?.["application/json"]?.schema;
  if (!schema) return body === undefined ? [] : [`${operation} ${status} declares no JSON body`];
  const validate = ajv.compile(
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')),
  );
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
