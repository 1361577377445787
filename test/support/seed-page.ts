/**
 * Reads the facts off the documentation page the project started from
 * (test/fixtures/seed/submit-data-job.txt, a copy of SeekrFlow's "Submit data job" page): each
 * field of the request body and of the response, with its type, whether it is required, its
 * length limits and its allowed values.
 */
import { readFileSync } from "node:fs";

/** One field as the page lists it. */
export interface SeedField {
  name: string;
  /** The type line: `string`, `enum<string>`, `string<date-time>`. */
  type: string;
  nullable: boolean;
  required: boolean;
  minLength?: number;
  maxLength?: number;
  /** "Available options" of an enum. */
  options?: string[];
}

/** What the page says about submitting a data job. */
export interface SeedPage {
  method: string;
  path: string;
  /** The header that carries the key. */
  authHeader: string;
  body: SeedField[];
  response: SeedField[];
}

const TYPE = /^(string|enum<string>|string<date-time>|integer|boolean)( \| null)?$/;

function fieldsOf(lines: string[]): SeedField[] {
  const fields: SeedField[] = [];
  for (let i = 0; i < lines.length; i++) {
    const type = TYPE.exec(lines[i + 1] ?? "");
    if (!/^[a-z_]+$/.test(lines[i]!) || !type) continue;
    const field: SeedField = {
      name: lines[i]!,
      type: type[1]!,
      nullable: type[2] !== undefined,
      required: false,
    };
    for (let j = i + 2; j < lines.length && !TYPE.test(lines[j + 1] ?? ""); j++) {
      const line = lines[j]!;
      if (line === "required") field.required = true;
      const range = /^Required string length: (\d+) - (\d+)$/.exec(line);
      if (range) [field.minLength, field.maxLength] = [Number(range[1]), Number(range[2])];
      const min = /^Minimum string length: (\d+)$/.exec(line);
      if (min) field.minLength = Number(min[1]);
      if (line === "Available options:") {
        field.options = [];
        // "a,", "b,", "c": the last option has no comma.
        for (let k = j + 1, more = true; more && /^[a-z_]+,?$/.test(lines[k] ?? ""); k++) {
          more = lines[k]!.endsWith(",");
          field.options.push(lines[k]!.replace(/,$/, ""));
        }
      }
    }
    fields.push(field);
  }
  return fields;
}

/** Parses the seed page. */
export function readSeedPage(file = "test/fixtures/seed/submit-data-job.txt"): SeedPage {
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim());
  const at = (text: string): number => {
    const index = lines.indexOf(text);
    if (index < 0) throw new Error(`the seed page has no line "${text}"`);
    return index;
  };
  const url = /^--url (\S+)/.exec(lines.find((line) => line.startsWith("--url ")) ?? "")?.[1];
  if (!url) throw new Error("the seed page has no --url line");
  const auth = at("Authorizations");
  return {
    method: lines[at("Skip to main content") + 1]!,
    path: new URL(url).pathname,
    authHeader: lines[auth + 2]!,
    body: fieldsOf(lines.slice(at("Body"), at("Response"))),
    response: fieldsOf(lines.slice(at("Response"))),
  };
}
