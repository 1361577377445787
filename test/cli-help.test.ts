/**
 * Every help text of the command line, whole, as a reviewed file (test/emitted/cli-help.txt;
 * `vitest -u` rewrites it): the list of commands, each group's, and each command's usage,
 * arguments, flags with the document's limits, examples and exit codes.
 */
import { describe, expect, it } from "vitest";
import { COMMANDS, GROUPS } from "../src/cli/commands.mjs";
import { commandHelp, topHelp, usageOf } from "../src/cli/help.mjs";

describe("the command line's help", () => {
  it("is what test/emitted/cli-help.txt holds, for the list, each group and each command", async () => {
    const texts = [
      ["seekrflow --help", topHelp()],
      ...GROUPS.map((group) => [`seekrflow ${group} --help`, topHelp(group)]),
      ...Object.values(COMMANDS).map((command) => [
        `seekrflow ${command.words} --help`,
        commandHelp(command),
      ]),
    ];
    await expect(
      texts.map(([title, text]) => `==> ${title}\n${text}\n`).join("\n"),
    ).toMatchFileSnapshot("emitted/cli-help.txt");
  });

  it("shows list and optional arguments, and required flags with their values, in usage", () => {
    const usage = (words: string) => usageOf(COMMANDS[words]!);
    expect(usage("files upload")).toBe("seekrflow files upload FILES… [options]");
    expect(usage("data-jobs create")).toMatch(
      /^seekrflow data-jobs create .*--name NAME.* \[options\]$/,
    );
  });
});
