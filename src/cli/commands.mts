/**
 * Every command of `seekrflow`: one per operation of the document, from the generated command
 * table (src/generated/commands.ts), with the workflows of ./data-jobs.mts and ./files.mts on
 * top, and the commands of their own (watch, outputs, demo, doctor).
 */
import { commandTable } from "../generated/commands.js";
import { type OperationId, operationTable } from "../generated/operations.js";
import type { Command, CommandContext, Flag, Workflow } from "./command.mjs";
import { DATA_JOB_WORKFLOWS } from "./data-jobs.mjs";
import { datasetsPreview } from "./datasets.mjs";
import { demo } from "./demo.mjs";
import { doctor } from "./doctor.mjs";
import { FILE_WORKFLOWS } from "./files.mjs";
import { standIn } from "./stand-in.mjs";
import { itemsTable, objectLines, shellCommand } from "./output.mjs";

/** Flags of earlier releases that keep working, by the flag they now stand for. */
const ALIASES: Record<string, readonly string[]> = {
  "job-type": ["type"],
  "vector-database-id": ["vector-db"],
};

/** The value's name in help: the flag's kind. */
function placeholder(flag: Flag): string {
  if (flag.type === "integer") return "N";
  return (flag.key ?? "value").toUpperCase();
}

/** Calls the command's operation with its input and prints the answer. */
async function callOperation(command: Command, context: CommandContext): Promise<void> {
  const operation = command.operation as Exclude<OperationId, "uploadFile" | "uploadFiles">;
  const { path, query, body } = context.input;
  const row = operationTable[operation];
  const flow = context.flow();
  const options = { signal: context.signal };
  if (context.values.all) {
    // The shape of one page, holding every page's items: a script reads `.data` either way.
    const data: unknown[] = [];
    for await (const item of flow.paginate(operation as "listDataJobs", query, options))
      data.push(item);
    return context.result({ object: "list", data }, () => itemsTable(data, "none"));
  }
  const data = await flow.request(operation, { path, query, body } as never, options);
  if (row.success === "none") {
    const id = Object.values(path)[0];
    const done = { id, [row.method === "DELETE" ? "deleted" : "done"]: true };
    return context.result(done, () => objectLines(done));
  }
  if ("pageLimit" in row) {
    // The document does not require `data`: an absent one is an empty page.
    const page = (data as { data?: unknown[] | null } | null)?.data ?? [];
    context.result(data, () => itemsTable(page, "none"));
    const limit = Number(query.limit ?? row.pageLimit.default);
    const offset = Number(query.offset ?? 0);
    if (page.length >= limit && !context.values.json)
      context.say(
        `more: ${shellCommand([...command.words.split(" "), "--all"])}, or --offset ${offset + page.length}`,
      );
    return;
  }
  context.result(data, () => objectLines(data));
}

/** The command of one row of the generated table, with its workflow (if any) on top. */
function fromTable(words: string, workflow: Workflow | undefined): Command {
  const row = commandTable[words as keyof typeof commandTable];
  const flags: Record<string, Flag> = {};
  for (const [name, flag] of Object.entries(row.flags) as [string, Flag][]) {
    const optional = workflow?.optional?.includes(name);
    flags[name] = {
      ...flag,
      value: placeholder(flag),
      ...(ALIASES[name] ? { aliases: ALIASES[name] } : {}),
      ...(optional ? { required: false } : {}),
    };
  }
  if ("pageLimit" in operationTable[row.operation])
    flags.all = { type: "boolean", describe: "every page from --offset on, not just one" };
  const command: Command = {
    words,
    operation: row.operation,
    summary: workflow?.summary ?? `${row.summary}.`,
    description: workflow?.description ?? row.description,
    arguments: workflow?.arguments ?? row.arguments,
    flags: { ...flags, ...workflow?.flags },
    jsonBody: row.body === "json",
    examples: workflow?.examples ?? [row.example],
    callsApi: true,
    ...(workflow?.trailing ? { trailing: workflow.trailing } : {}),
    fills: [
      ...(workflow?.optional ?? []).map((name) => (row.flags as Record<string, Flag>)[name]!.key!),
      ...row.arguments.filter((arg) => arg.in === "file").map((arg) => arg.name),
    ],
    run: (context) => (workflow ? workflow.run(context) : callOperation(command, context)),
  };
  return command;
}

/** A command of its own, not one operation's. */
function standalone(words: string, workflow: Workflow): Command {
  return {
    words,
    summary: workflow.summary ?? words,
    ...(workflow.description ? { description: workflow.description } : {}),
    arguments: workflow.arguments ?? [],
    flags: workflow.flags ?? {},
    jsonBody: false,
    examples: workflow.examples ?? [],
    callsApi: workflow.callsApi ?? true,
    run: workflow.run,
  };
}

const WORKFLOWS: Record<string, Workflow> = {
  ...DATA_JOB_WORKFLOWS,
  ...FILE_WORKFLOWS,
  "datasets preview": datasetsPreview,
  demo,
  doctor,
  "stand-in": standIn,
};

/** Every command, by its words, in help order. */
export const COMMANDS: Record<string, Command> = Object.fromEntries(
  [
    ...Object.keys(commandTable).map((words) => fromTable(words, WORKFLOWS[words])),
    ...Object.entries(WORKFLOWS)
      .filter(([words]) => !(words in commandTable))
      .map(([words, workflow]) => standalone(words, workflow)),
  ]
    .sort((a, b) => a.words.localeCompare(b.words))
    .map((command) => [command.words, command]),
);

/** The first words of the commands: data-jobs, files, alignment. */
export const GROUPS: readonly string[] = [
  ...new Set(
    Object.keys(COMMANDS)
      .filter((words) => words.includes(" "))
      .map((words) => words.split(" ")[0]!),
  ),
];
