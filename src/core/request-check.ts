/**
 * A request against its operation's schema: the generated validators and the words for what they
 * find. Loaded on the first call (./validate.ts), not with the package: it is most of its code.
 */
import type { OperationId } from "../generated/operations.js";
import { requestValidators } from "../generated/validators.js";
import type { InvalidField } from "./errors.js";
import { invalidFields } from "./issues.js";

/** Each rule of the document that `request` (`{ path, query, header, body }`) breaks; none when it fits. */
export function brokenRules(operation: OperationId, request: unknown): InvalidField[] {
  const validate = requestValidators[operation];
  // Stryker disable next-line ArrayDeclaration: ajv sets `errors` whenever it returns false.
  return validate(request) ? [] : invalidFields(validate.errors ?? []);
}
