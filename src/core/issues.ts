/**
 * The validators' issues in words: where each is (`issueLocation`) and what the broken rule asks
 * for (`invalidFields`). Nothing here imports a value, so that the checks that use it
 * (./request-check.ts, ./response-check.ts) load with the validators, not with the package.
 */
import type { ValidationIssue } from "../generated/validators.js";
import type { InvalidField } from "./errors.js";

/**
 * Where a validator issue is, as a path of keys and indexes (for `required`, ending with the
 * missing property): the one reading of an issue's place that errors, drift reports and the
 * stand-in's 422s share.
 */
export function issueLocation(issue: ValidationIssue): (string | number)[] {
  const location: (string | number)[] = issue.instancePath
    .split("/")
    .filter(Boolean)
    .map((part) =>
      /^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, "/").replace(/~0/g, "~"),
    );
  if (issue.keyword === "required") location.push(String(issue.params.missingProperty));
  return location;
}

/** Each broken rule of ajv's `issues`, as a field, the rule and its words. */
export function invalidFields(issues: ValidationIssue[]): InvalidField[] {
  return issues.map(describeIssue);
}

function describeIssue(issue: ValidationIssue): InvalidField {
  const field = issueLocation(issue).join(".") || "request";
  return { field, rule: issue.keyword, message: ruleMessage(issue) };
}

/** What a broken rule asks for, in words every surface shows as they are. */
function ruleMessage({ keyword, params, message }: ValidationIssue): string {
  const { limit, allowedValues } = params;
  const plural = (noun: string) => `${String(limit)} ${noun}${limit === 1 ? "" : "s"}`;
  if (Array.isArray(allowedValues))
    return `must be one of ${allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  switch (keyword) {
    case "required":
      return "is required";
    case "maxLength":
      return `must be at most ${plural("character")} long`;
    case "minLength":
      return `must be at least ${plural("character")} long`;
    case "maximum":
      return `must be at most ${String(limit)}`;
    case "minimum":
      return `must be at least ${String(limit)}`;
    case "maxItems":
      return `must have at most ${plural("item")}`;
    case "minItems":
      return `must have at least ${plural("item")}`;
    case "type": {
      // One type, or the schema's list of them (["string", "null"]).
      const types = [params.type].flat().filter((type) => typeof type === "string");
      if (types.length)
        return `must be ${/^[aeiou]/.test(types[0]!) ? "an" : "a"} ${types.join(" or ")}`;
    }
  }
  return message ?? "is invalid";
}
