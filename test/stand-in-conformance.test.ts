/**
 * A conformance suite for the stand-in, property-based: sequences of requests generated from the
 * document's schemas (valid, and broken in one place) across all 18 operations, following the
 * lifecycle with ids the stand-in handed out, the clock moving between requests. For every
 * answer: never a 500, a status the document declares, a body the document allows (strictly:
 * enums and formats too); broken input is refused with 422, valid input is not refused for its
 * shape. Seeded, so that a failure replays.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type OperationId, operationTable } from "../src/generated/operations.js";
import { type StandIn, startStandIn } from "../src/testing/index.js";
import { responseProblems } from "./support/response-validator.js";
import { invalidObject, resolve, validValue } from "./support/schema-arbitrary.js";

const KEY = "sk-conformance";
const document = parse(readFileSync("openapi/seekrflow.yaml", "utf8"));
const OPERATIONS = Object.keys(operationTable) as OperationId[];
let server: StandIn;

beforeAll(async () => {
  server = await startStandIn({
    apiKey: KEY,
    clock: "manual",
    ingestionMs: 100,
    queueMs: 100,
    runMs: 200,
    failIngestion: (name) => (name.endsWith(".pdf") ? "Export it as text." : undefined),
  });
});
afterAll(() => server.close());

type Schema = Record<string, any>;
function operationOf(id: OperationId): Schema {
  const { method, path } = operationTable[id];
  return document.paths[path][method.toLowerCase()];
}

/** The query parameters of an operation as one object schema. */
function querySchema(id: OperationId): Schema {
  const parameters = (operationOf(id).parameters ?? [])
    .map((p: Schema) => resolve(p, document))
    .filter((p: Schema) => p.in === "query");
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((p: Schema) => [p.name, p.schema])),
    required: parameters.filter((p: Schema) => p.required).map((p: Schema) => p.name),
  };
}

function bodySchema(id: OperationId): Schema | undefined {
  const content = operationOf(id).requestBody?.content ?? {};
  const media = content["application/json"] ?? content["multipart/form-data"];
  return media?.schema;
}

interface Step {
  operation: OperationId;
  /** Which part was broken, or undefined for a valid request. */
  broken: string | undefined;
  query: Record<string, unknown>;
  body: unknown;
  /** Picks a path id from the ids the stand-in handed out (or an unknown one). */
  pick: number;
  advanceMs: number;
}

function stepOf(operation: OperationId): fc.Arbitrary<Step> {
  const query = querySchema(operation);
  const body = bodySchema(operation);
  const valid = fc.record({
    query: validValue(query, document) as fc.Arbitrary<Record<string, unknown>>,
    body: body ? validValue(body, document) : fc.constant(undefined),
    broken: fc.constant(undefined),
  });
  const breakQuery = invalidObject(query, document, true)?.map(({ value, why }) => ({
    query: value,
    body: undefined as unknown,
    broken: `query ${why}`,
  }));
  const breakBody = body
    ? invalidObject(body, document, operationTable[operation].body === "multipart")?.map(
        ({ value, why }) => ({
          query: {},
          body: value as unknown,
          broken: `body ${why}`,
        }),
      )
    : undefined;
  const choices = [valid, valid, ...[breakQuery, breakBody].filter((a) => a !== undefined)];
  return fc
    .tuple(fc.oneof(...choices), fc.nat(20), fc.nat(250))
    .map(([input, pick, advanceMs]) => ({
      operation,
      ...input,
      body: input.broken?.startsWith("body") || !body ? input.body : input.body,
      pick,
      advanceMs,
    })) as fc.Arbitrary<Step>;
}

const steps = fc.array(
  fc.constantFrom(...OPERATIONS).chain((operation) => stepOf(operation)),
  { minLength: 4, maxLength: 14 },
);

const pools = {
  data_job_id: [] as string[],
  file_id: [] as string[],
  alignment_job_id: [] as string[],
};

function idFor(name: keyof typeof pools, pick: number): string {
  const pool = pools[name];
  return pick < pool.length ? pool[pool.length - 1 - pick]! : `${name}-unknown-${pick}`;
}

async function send(step: Step): Promise<{ status: number; body: unknown; url: string }> {
  const { method, path, body: kind } = operationTable[step.operation];
  const filled = path.replace(/\{(\w+)\}/g, (_, name: keyof typeof pools) =>
    encodeURIComponent(idFor(name, step.pick)),
  );
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(step.query ?? {}))
    for (const item of [value].flat())
      if (item !== null && item !== undefined) search.append(key, String(item));
  const url = `${server.url}${filled}${search.size ? `?${search}` : ""}`;
  const headers: Record<string, string> = { authorization: KEY };
  let payload: string | FormData | undefined;
  if (kind === "json" && step.body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(step.body);
  } else if (kind === "multipart" && step.body && typeof step.body === "object") {
    const form = new FormData();
    for (const [key, value] of Object.entries(step.body as Record<string, unknown>))
      for (const item of [value].flat())
        if (item instanceof Blob) form.append(key, item, item instanceof File ? item.name : "part");
        else if (item !== null && item !== undefined)
          form.append(key, typeof item === "object" ? JSON.stringify(item) : String(item));
    payload = form;
  }
  const response = await fetch(url, { method, headers, ...(payload ? { body: payload } : {}) });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.includes("application/json");
  return { status: response.status, body: isJson && text ? JSON.parse(text) : undefined, url };
}

/** Keeps the ids the stand-in hands out, so that later steps can use them. */
function remember(step: Step, status: number, body: any): void {
  if (status >= 300 || !body) return;
  for (const item of [body].flat()) {
    if (typeof item?.id !== "string") continue;
    if (item.id.startsWith("dj-")) pools.data_job_id.push(item.id);
    if (item.id.startsWith("file-")) pools.file_id.push(item.id);
    if (item.alignment_job_id) pools.alignment_job_id.push(item.alignment_job_id);
  }
  if (step.operation === "listDataJobs" || step.operation === "listFiles")
    for (const item of body.data ?? [])
      if (item.alignment_job_id) pools.alignment_job_id.push(item.alignment_job_id);
}

describe("stand-in conformance (property-based)", () => {
  it("answers every generated request as the document says", { timeout: 240_000 }, async () => {
    let requests = 0;
    const statuses = new Set<number>();
    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(steps, async (sequence) => {
        for (const step of sequence) {
          const { status, body, url } = await send(step);
          requests++;
          statuses.add(status);
          reached.add(step.operation);
          const where = `${step.operation} ${url} ${step.broken ?? "valid"} → ${status} ${JSON.stringify(body)?.slice(0, 300)}`;
          expect(status, where).not.toBe(500);
          expect(responseProblems(step.operation, status, body), where).toEqual([]);
          if (step.broken) expect(status, where).toBe(422);
          else expect([200, 201, 204, 404, 409], where).toContain(status);
          remember(step, status, body);
          server.advance(step.advanceMs);
        }
        expect(server.problems).toEqual([]);
      }),
      { seed: 20261129, numRuns: 60, endOnFailure: true },
    );
    console.log(
      `conformance: ${requests} requests, statuses ${[...statuses].sort().join(", ")}, ${reached.size} operations`,
    );
    expect(reached.size).toBe(18);
    expect(requests).toBeGreaterThan(300);
  });
});
