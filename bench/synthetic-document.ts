/**
 * A synthetic OpenAPI document `factor` times the size of the real one: every path, operation and
 * schema copied under new names, all of it used, so that it lints clean like the real one.
 */
import { readFile } from "node:fs/promises";
import { parse, stringify } from "yaml";
import { root } from "./support.js";

type Json = Record<string, any>;

/** The real document with `factor - 1` renamed copies of its paths and schemas added. */
export async function syntheticDocument(factor: number): Promise<string> {
  const source = await readFile(`${root}/openapi/seekrflow.yaml`, "utf8");
  const doc = parse(source) as Json;
  const schemaNames = Object.keys(doc.components.schemas);
  const responseNames = Object.keys(doc.components.responses);
  const paths = { ...doc.paths } as Json;
  const schemas = { ...doc.components.schemas } as Json;
  const responses = { ...doc.components.responses } as Json;
  for (let copy = 2; copy <= factor; copy++) {
    const rename = (node: unknown): unknown => {
      let text = JSON.stringify(node);
      for (const name of schemaNames)
        text = text.replaceAll(
          `"#/components/schemas/${name}"`,
          `"#/components/schemas/${name}V${copy}"`,
        );
      for (const name of responseNames)
        text = text.replaceAll(
          `"#/components/responses/${name}"`,
          `"#/components/responses/${name}V${copy}"`,
        );
      text = text.replace(/"operationId":"(\w+)"/g, `"operationId":"$1V${copy}"`);
      // The names a command and a tool take from the document are unique too.
      text = text.replace(
        /"x-seekrflow-command":"([\w-]+)"/g,
        `"x-seekrflow-command":"$1-v${copy}"`,
      );
      text = text.replace(/"x-seekrflow-tool":"(\w+)"/g, `"x-seekrflow-tool":"$1_v${copy}"`);
      return JSON.parse(text);
    };
    for (const [template, item] of Object.entries(doc.paths))
      paths[template.replace("/v1/flow/", `/v1/flow/v${copy}/`)] = rename(item);
    for (const name of schemaNames)
      schemas[`${name}V${copy}`] = rename(doc.components.schemas[name]);
    for (const name of responseNames)
      responses[`${name}V${copy}`] = rename(doc.components.responses[name]);
  }
  return stringify(
    { ...doc, paths, components: { ...doc.components, schemas, responses } },
    { aliasDuplicateObjects: false },
  );
}
