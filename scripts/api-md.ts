/**
 * docs/api.md: every public method and property of the client (`seekrflow-client/node`'s
 * `SeekrFlow`, its `dataJobs` and `files`), read from the declarations with TypeScript's API:
 * each under its call path as a heading (`flow.dataJobs.create(body, options?)`), its JSDoc, its
 * parameters and what it returns. What it throws is its JSDoc `@throws`, or for a method that
 * calls one operation (the four-name table), the error classes of the statuses the document
 * declares for it. `npm run readme` writes it; `npm run check` fails when it is behind.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { parse } from "yaml";
import { errorClassFor } from "../src/core/errors.js";
import { nameTable } from "../src/generated/names.js";
import { documentPath, format, root } from "./generate.js";

/** Where it is written. */
export const apiMdPath = path.join(root, "docs/api.md");

/** docs/api.md as it should be now: from the declarations and the document, formatted. */
export async function apiMd(): Promise<string> {
  const document = parse(await readFile(documentPath, "utf8")) as Document;
  return format(apiMarkdown(document), apiMdPath);
}

type Document = {
  paths: Record<
    string,
    Record<string, { operationId?: string; responses?: Record<string, unknown> }>
  >;
};

/** What every call may throw besides its statuses. */
const EVERY_CALL =
  "`InvalidRequestError` (input the document refuses; nothing sent), `APIConnectionError` / `APITimeoutError` (no answer), `APIAbortError` (its `signal`), `BadResponseError` (an answer the document does not allow, with `validateResponses: true`)";

/** The error classes a facade method's operation may answer with, by the document. */
function throwsOf(document: Document, operationId: string): string {
  const classes = new Set<string>();
  for (const item of Object.values(document.paths))
    for (const operation of Object.values(item))
      if (operation.operationId === operationId)
        for (const status of Object.keys(operation.responses ?? {})) {
          if (status.startsWith("2")) continue;
          classes.add(errorClassFor(Number(status)).name);
        }
  return [...[...classes].map((name) => `\`${name}\``), EVERY_CALL].join(", ");
}

const clean = (text: string) => text.replace(/\s*\n\s*/g, " ").trim();

/** The Markdown of the client's surface. */
export function apiMarkdown(document: Document): string {
  const entry = path.join(root, "src/node/index.ts");
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  const seekrflow = exported.find((symbol) => symbol.name === "SeekrFlow")!;
  const declaration = checker.getAliasedSymbol(seekrflow).valueDeclaration!;
  const instance = checker.getTypeOfSymbolAtLocation(
    checker.getAliasedSymbol(seekrflow),
    declaration,
  );
  const type = checker
    .getSignaturesOfType(instance, ts.SignatureKind.Construct)[0]!
    .getReturnType();
  const byFacade = new Map(
    Object.entries(nameTable).map(([operation, names]) => [
      names.facade.slice(0, names.facade.indexOf("(")),
      operation,
    ]),
  );
  const typeText = (t: ts.Type) =>
    checker.typeToString(
      t,
      declaration,
      ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope,
    );
  /** Each owner's headings and sections: `flow`, then `flow.dataJobs`, then `flow.files`. */
  const groups = new Map<string, { toc: string[]; sections: string[] }>(
    ["flow", "flow.dataJobs", "flow.files"].map((owner) => [owner, { toc: [], sections: [] }]),
  );

  function describe(owner: string, member: ts.Symbol): void {
    const { toc, sections } = groups.get(owner)!;
    const decl = member.valueDeclaration ?? member.declarations?.[0];
    if (!decl || member.name.startsWith("#") || member.name === "constructor") return;
    const modifiers = ts.getCombinedModifierFlags(decl as ts.Declaration);
    if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return;
    const doc = ts.displayPartsToString(member.getDocumentationComment(checker)).trim();
    const memberType = checker.getTypeOfSymbolAtLocation(member, decl);
    const signatures = memberType.getCallSignatures();
    const at = `${owner}.${member.name}`;
    if (signatures.length === 0 || !ts.isMethodDeclaration(decl)) {
      const heading = `${at}`;
      toc.push(heading);
      sections.push(`### \`${heading}\``, "", doc, "", `Type: \`${typeText(memberType)}\``, "");
      return;
    }
    const signature = signatures[0]!;
    const parameters = signature.getParameters().map((parameter) => {
      const p = parameter.valueDeclaration as ts.ParameterDeclaration;
      const optional = Boolean(p.questionToken || p.initializer || p.dotDotDotToken);
      return {
        name: `${p.dotDotDotToken ? "..." : ""}${parameter.name}`,
        optional,
        type: typeText(checker.getTypeOfSymbolAtLocation(parameter, p)),
        doc: clean(ts.displayPartsToString(parameter.getDocumentationComment(checker))),
      };
    });
    const heading = `${at}(${parameters.map((p) => `${p.name}${p.optional && !p.name.startsWith("...") ? "?" : ""}`).join(", ")})`;
    toc.push(heading);
    const tags = signature.getJsDocTags();
    const thrown = tags
      .filter((tag) => tag.name === "throws")
      .map((tag) => clean(ts.displayPartsToString(tag.text)));
    const operation = byFacade.get(at);
    const deprecated = tags.find((tag) => tag.name === "deprecated");
    sections.push(`### \`${heading}\``, "", doc, "");
    if (deprecated)
      sections.push(`**Deprecated:** ${clean(ts.displayPartsToString(deprecated.text))}`, "");
    if (operation)
      sections.push(
        `Calls \`${operation}\` (${nameTable[operation as keyof typeof nameTable].command}; MCP tool \`${nameTable[operation as keyof typeof nameTable].tool}\`).`,
        "",
      );
    if (parameters.length) {
      sections.push("| parameter | type |", "| --- | --- |");
      for (const p of parameters)
        sections.push(
          `| \`${p.name}\`${p.optional ? " (optional)" : ""} | \`${p.type.replace(/\|/g, "\\|")}\` |`,
        );
      sections.push("");
    }
    sections.push(`Returns \`${typeText(signature.getReturnType())}\`.`, "");
    if (thrown.length) sections.push(`Throws ${thrown.join("; ").replace(/\.$/, "")}.`, "");
    else if (operation) sections.push(`Throws ${throwsOf(document, operation)}.`, "");
  }

  for (const member of checker.getPropertiesOfType(type)) {
    describe("flow", member);
    if (member.name === "dataJobs" || member.name === "files") {
      const resource = checker.getTypeOfSymbolAtLocation(member, member.valueDeclaration!);
      for (const method of checker.getPropertiesOfType(resource))
        describe(`flow.${member.name}`, method);
    }
  }
  const toc = [...groups.values()].flatMap((group) => group.toc);
  const sections = [...groups.entries()].flatMap(([owner, group]) => [
    `## \`${owner}\``,
    "",
    ...group.sections,
  ]);
  return [
    "<!-- Generated by npm run readme from the client's declarations (scripts/api-md.ts). Do not edit. -->",
    "",
    "# seekrflow-client API",
    "",
    "Every public method and property of `SeekrFlow` (from `seekrflow-client/node`; the portable `seekrflow-client` has the same, with `files` taking Blobs and streams instead of paths) and its resources. Make one with `const flow = new SeekrFlow()` (the key from `SEEKR_API_KEY`). Every error is a `SeekrFlowError`; the README tells each class.",
    "",
    ...toc.map((heading) => `- [\`${heading}\`](#${anchor(heading)})`),
    "",
    ...sections,
  ].join("\n");
}

/** The anchor GitHub gives a heading of inline code. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\w\- ]/g, "")
    .replace(/ /g, "-");
}
