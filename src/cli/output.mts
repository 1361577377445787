/**
 * Output for people that cannot be forged (text from the server or the user has its control
 * characters escaped: no terminal escape sequences, no line that looks like another row), tables
 * of jobs and files, and commands quoted so that pasting one into a shell runs that command only.
 * `--json` output is exact JSON and does not pass through here.
 */

/** `text` with control characters (C0, DEL, C1) written as escapes: `\n`, `\x1b`, … */
export function escapeControls(text: unknown): string {
  return String(text ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

/**
 * A name from the server as a local file name: its last path segment, control characters
 * replaced by `_`; undefined when that leaves `.`, `..` or nothing to save under.
 */
export function localFileName(name: string): string | undefined {
  const last = name.replace(/\/+$/, "").split("/").at(-1)!;
  const plain = last.replace(/[\u0000-\u001f\u007f-\u009f]/g, "_");
  return plain === "" || plain === "." || plain === ".." ? undefined : plain;
}

/** One row of fields, each with its control characters escaped, separated by two spaces. */
export function row(...fields: unknown[]): string {
  return fields.map(escapeControls).join("  ");
}

/** Rows as columns padded to their widest cell, under a header. */
function table(header: string[], rows: unknown[][]): string {
  const cells = [header, ...rows.map((cells) => cells.map(escapeControls))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? "")].length)));
  return cells
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/**
 * One argument as a POSIX shell reads it back unchanged: bare when it is plain, else in single
 * quotes (`'` written `'\''`); one with control characters, such as a newline, as bash's `$'…'`.
 */
export function shellQuote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(arg))
    return `$'${arg.replace(/[\\']/g, "\\$&").replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)}'`;
  return `'${arg.replace(/'/g, "'\\''")}'`;
}

/** A command line to copy into a shell: `seekrflow` and each argument quoted. */
export const shellCommand = (args: readonly string[]): string =>
  ["seekrflow", ...args].map(shellQuote).join(" ");

type Item = Record<string, unknown>;
const isJob = (item: Item) => "job_type" in item && "status" in item;

/** The columns of a data job or a file, for lists and single lines. */
function columnsOf(item: Item): { header: string[]; cells: unknown[] } {
  if (isJob(item))
    return {
      header: ["ID", "STATUS", "TYPE", "NAME"],
      cells: [item.id, item.status, item.job_type, item.name],
    };
  if ("filename" in item)
    return {
      header: ["ID", "PURPOSE", "BYTES", "FILENAME"],
      cells: [item.id, item.purpose ?? "", item.bytes ?? "?", item.filename],
    };
  return {
    header: ["ID", "VALUE"],
    cells: [item.id ?? "", JSON.stringify(item)],
  };
}

/** Items as a table with a header, or `none` when there are none. */
export function itemsTable(items: unknown[], none: string): string {
  if (items.length === 0) return none;
  const columns = items.map((item) => columnsOf((item ?? {}) as Item));
  return table(
    columns[0]!.header,
    columns.map((c) => c.cells),
  );
}

/** One object for people: a job or file as its row, anything else as `field: value` lines. */
export function objectLines(value: unknown): string {
  if (typeof value !== "object" || value === null) return escapeControls(value ?? "done");
  if (Array.isArray(value)) return itemsTable(value, "none");
  const item = value as Item;
  if (item.deleted === true && typeof item.id === "string")
    return `deleted ${escapeControls(item.id)}`;
  if (isJob(item) || "filename" in item) {
    const { cells } = columnsOf(item);
    const files = Array.isArray(item.files) ? (item.files as Item[]) : [];
    return [
      row(...cells),
      ...files.map(
        (f) =>
          `  file ${row(f.file_id, f.status ?? "", f.name ?? "")}${f.suggested_fix ? `  fix: ${row(f.suggested_fix)}` : ""}`,
      ),
    ].join("\n");
  }
  return Object.entries(item)
    .map(
      ([key, field]) =>
        `${escapeControls(key)}: ${escapeControls(typeof field === "object" && field !== null ? JSON.stringify(field) : field)}`,
    )
    .join("\n");
}
