/**
 * fast-check arbitraries made from the document's JSON Schemas: values that fit a schema, and
 * values that break it in one place (a wrong type, a length or range out of bounds, a value no
 * enum has, a required field left out).
 */
import fc from "fast-check";

type Schema = Record<string, any>;

/** The schema behind a local `$ref`, or the schema itself. */
export function resolve(schema: Schema, document: Schema): Schema {
  if (!schema.$ref) return schema;
  return resolve(
    schema.$ref
      .split("/")
      .slice(1)
      .reduce((node: Schema, key: string) => node[key], document),
    document,
  );
}

const typesOf = (schema: Schema): string[] => [schema.type ?? []].flat();

/** Values that fit `schema`. */
export function validValue(schema: Schema, document: Schema): fc.Arbitrary<unknown> {
  const s = resolve(schema, document);
  if (s.anyOf) return fc.oneof(...s.anyOf.map((option: Schema) => validValue(option, document)));
  if (s.enum) return fc.constantFrom(...s.enum);
  const types = typesOf(s);
  const options: fc.Arbitrary<unknown>[] = [];
  if (types.includes("null")) options.push(fc.constant(null));
  if (types.includes("string"))
    options.push(
      s.format === "binary" || s.contentMediaType === "application/octet-stream"
        ? fc.string().map((text) => new File([text], "doc.md"))
        : fc
            .string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) })
            .filter((text) => Array.from(text).length >= (s.minLength ?? 0)),
    );
  if (types.includes("integer"))
    options.push(fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 500, 500) }));
  if (types.includes("boolean")) options.push(fc.boolean());
  if (types.includes("array"))
    options.push(
      fc.array(validValue(s.items ?? {}, document), { minLength: s.minItems ?? 0, maxLength: 3 }),
    );
  if (types.includes("object") || s.properties) options.push(validObject(s, document));
  return options.length ? fc.oneof(...options) : fc.constant("x");
}

function validObject(s: Schema, document: Schema): fc.Arbitrary<Record<string, unknown>> {
  const required: string[] = s.required ?? [];
  const entries = Object.entries(s.properties ?? {}) as [string, Schema][];
  return fc.record(
    Object.fromEntries(entries.map(([key, property]) => [key, validValue(property, document)])),
    { requiredKeys: required.filter((key) => entries.some(([k]) => k === key)) },
  );
}

/**
 * Objects that fit `schema` except in one place: what breaks is said in `why`. `textual` objects
 * travel as text (a query, a form), where a number is also a string: no type breaks for strings.
 */
export function invalidObject(
  schema: Schema,
  document: Schema,
  textual = false,
): fc.Arbitrary<{ value: Record<string, unknown>; why: string }> | undefined {
  const s = resolve(schema, document);
  const entries = Object.entries(s.properties ?? {}) as [string, Schema][];
  const breakers: fc.Arbitrary<{ value: Record<string, unknown>; why: string }>[] = [];
  for (const key of s.required ?? [])
    breakers.push(
      validObject(s, document).map((v) => {
        const { [key]: _gone, ...rest } = v;
        return { value: rest, why: `${key} missing` };
      }),
    );
  for (const [key, property] of entries) {
    const p = resolve(property, document);
    const bad: fc.Arbitrary<unknown>[] = [];
    const types = typesOf(p);
    if (p.enum || (p.anyOf && p.anyOf.every((o: Schema) => resolve(o, document).enum)))
      bad.push(fc.constant("no_such_value"));
    if (types.includes("string") && !p.contentMediaType && p.format !== "binary") {
      if (!textual) bad.push(fc.constant(17));
      if (p.minLength) bad.push(fc.constant(""));
      if (p.maxLength) bad.push(fc.constant("y".repeat(p.maxLength + 1)));
    }
    if (types.includes("array")) {
      bad.push(fc.constant("not a list"));
      if (p.minItems) bad.push(fc.constant([]));
    }
    if (types.includes("integer")) {
      bad.push(fc.constant("abc"));
      if (p.minimum !== undefined) bad.push(fc.constant(p.minimum - 1));
      if (p.maximum !== undefined) bad.push(fc.constant(p.maximum + 1));
    }
    for (const value of bad)
      breakers.push(
        fc.tuple(validObject(s, document), value).map(([v, broken]) => ({
          value: { ...v, [key]: broken },
          why: `${key} = ${JSON.stringify(broken)}`,
        })),
      );
  }
  return breakers.length ? fc.oneof(...breakers) : undefined;
}
