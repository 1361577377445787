/** The stand-in's last check on an answer, on its own: what it lets through and what it names. */
import { describe, expect, it } from "vitest";
import { responseProblem } from "../src/testing/stand-in-response-check.js";

describe("responseProblem", () => {
  it("lets an answer the document allows through", async () => {
    expect(await responseProblem("getFile", Response.json({ id: "file-1", object: "file" }))).toBe(
      undefined,
    );
  });

  it("names a status the operation does not declare", async () => {
    expect(await responseProblem("getFile", Response.json({}, { status: 418 }))).toBe(
      "getFile answered 418, a status the document does not declare for it",
    );
  });

  it("names each rule a body breaks, with its place", async () => {
    expect(await responseProblem("getFile", Response.json({ id: 7 }))).toBe(
      "getFile answered 200 with / must have required property 'object'; /id must be string",
    );
    expect(await responseProblem("getFile", Response.json([]))).toBe(
      "getFile answered 200 with / must be object",
    );
  });

  it("does not check what is not JSON, and leaves the answer readable", async () => {
    const bytes = new Response("PAR1", { headers: { "content-type": "application/octet-stream" } });
    expect(await responseProblem("getFileContent", bytes)).toBeUndefined();
    const json = Response.json({ id: "file-1", object: "file" });
    await responseProblem("getFile", json);
    expect(await json.json()).toEqual({ id: "file-1", object: "file" });
  });
});
