/**
 * The command line's output for people, exactly: escapes that keep the server's text from
 * forging lines, local names made from the server's, tables of jobs and files, one object as
 * lines, and commands quoted for pasting.
 */
import { describe, expect, it } from "vitest";
import {
  escapeControls,
  itemsTable,
  localFileName,
  objectLines,
  row,
  shellCommand,
  shellQuote,
} from "../src/cli/output.mjs";
import { nextCommand } from "../src/cli/follow.mjs";

describe("the command line's output", () => {
  it("escapes every control character, naming the common ones", () => {
    expect(escapeControls("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
    expect(escapeControls("\u0000\u001b[31m\u001f \u007f\u0080\u009f\u00a0é")).toBe(
      "\\x00\\x1b[31m\\x1f \\x7f\\x80\\x9f\u00a0é",
    );
    expect([escapeControls(undefined), escapeControls(null), escapeControls(7)]).toEqual([
      "",
      "",
      "7",
    ]);
  });

  it("makes a local file name of the server's last path segment, or none", () => {
    expect(localFileName("data/out/set.parquet")).toBe("set.parquet");
    expect(localFileName("folder//")).toBe("folder");
    expect(localFileName("a\u0000b\u001b\u007f\u009f.md")).toBe("a_b___.md");
    for (const none of ["", "/", ".", "..", "x/..", "./"])
      expect(localFileName(none), none).toBe(undefined);
  });

  it("joins a row's fields by two spaces, each escaped", () => {
    expect(row("a\n", 1, undefined, "b")).toBe("a\\n  1    b");
  });

  it("tables jobs, files and other items, padded to the widest cell, the last column unpadded", () => {
    expect(
      itemsTable(
        [
          { id: "dj-1", status: "running", job_type: "principle_files", name: "A" },
          { id: "dj-22", status: "completed", job_type: "file", name: "Bé\n" },
        ],
        "none",
      ),
    ).toBe(
      [
        "ID     STATUS     TYPE             NAME",
        "dj-1   running    principle_files  A",
        "dj-22  completed  file             Bé\\n",
      ].join("\n"),
    );
    expect(
      itemsTable(
        [
          { id: "file-1", purpose: "alignment", bytes: 12, filename: "a.md" },
          { id: "file-2", filename: "😀😀.md" },
        ],
        "none",
      ),
    ).toBe(
      [
        "ID      PURPOSE    BYTES  FILENAME",
        "file-1  alignment  12     a.md",
        "file-2             ?      😀😀.md",
      ].join("\n"),
    );
    expect(itemsTable([{ id: "x", n: 1 }, { n: 2 }], "none")).toBe(
      ["ID  VALUE", 'x   {"id":"x","n":1}', '    {"n":2}'].join("\n"),
    );
    expect(itemsTable([], "no outputs yet")).toBe("no outputs yet");
  });

  it("writes one object as its row, its files, a deletion, or field lines", () => {
    expect(objectLines(undefined)).toBe("done");
    expect(objectLines("a\nb")).toBe("a\\nb");
    expect(objectLines([])).toBe("none");
    expect(objectLines({ id: "dj-1", deleted: true })).toBe("deleted dj-1");
    expect(objectLines({ id: 7, deleted: true })).toBe("id: 7\ndeleted: true");
    expect(
      objectLines({
        id: "dj-1",
        status: "needs_review",
        job_type: "principle_files",
        name: "A",
        files: [
          { file_id: "file-1", status: "failed", name: "scan.pdf", suggested_fix: "Export\n it" },
          { file_id: "file-2" },
        ],
      }),
    ).toBe(
      [
        "dj-1  needs_review  principle_files  A",
        "  file file-1  failed  scan.pdf  fix: Export\\n it",
        "  file file-2    ",
      ].join("\n"),
    );
    expect(objectLines({ id: "file-1", filename: "a.md", bytes: 3 })).toBe("file-1    3  a.md");
    expect(objectLines({ a: 1, "b\n": { c: [2] }, d: null })).toBe('a: 1\nb\\n: {"c":[2]}\nd: ');
  });

  it("quotes each argument so a shell reads it back unchanged", () => {
    expect(shellQuote("dj-1@x%+=:,./")).toBe("dj-1@x%+=:,./");
    expect(shellQuote("it's here")).toBe("'it'\\''s here'");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("~")).toBe("'~'");
    expect(shellQuote("a\\'\nb\u001b")).toBe("$'a\\\\\\'\\x0ab\\x1b'");
    expect(shellCommand(["files", "upload", "a b.md"])).toBe("seekrflow files upload 'a b.md'");
  });

  it("names the command that moves a job on from where it waits for its owner", () => {
    expect(nextCommand({ id: "dj-1", status: "ready_to_start" })).toBe(
      "seekrflow data-jobs start dj-1",
    );
    expect(nextCommand({ id: "dj-1", status: "needs_review" })).toBe(
      "seekrflow data-jobs get dj-1 shows what to fix; then remove-files, add-files or update, and seekrflow data-jobs watch dj-1 --until ready_to_start",
    );
    expect(nextCommand({ id: "dj-1", status: "running" })).toBe(undefined);
  });
});
