/** The scenario every runtime test runs (./scenario.mjs). */
export function scenario(
  client: unknown,
  baseUrl: string,
  options?: Record<string, unknown>,
): Promise<Record<string, unknown>>;
/** What every runtime should see. */
export const EXPECTED: Record<string, unknown>;
