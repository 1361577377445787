/**
 * Output for people that cannot be forged: text from the server or the user has its control
 * characters escaped (no terminal escape sequences, no line that looks like another row).
 * `--json` output is exact JSON and does not pass through here.
 */

/** `text` with control characters (C0, DEL, C1) written as escapes: `\n`, `\x1b`, … */
export function safe(text: unknown): string {
  return String(text ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

/** One row of fields, each made safe, separated by two spaces. */
export function row(...fields: unknown[]): string {
  return fields.map(safe).join("  ");
}
