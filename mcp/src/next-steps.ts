/**
 * What an agent does next with a data job, in tool terms: the tool to call and its arguments
 * filled in, never an HTTP method or path. Tool names come from the generated table, so a tool
 * renamed in the document is renamed here too.
 */
import { TERMINAL_STATUSES } from "seekrflow-client";
import { toolTable } from "./generated/tools.js";

/** The tool that runs `operation`. */
export function toolFor(operation: (typeof toolTable)[number]["operation"]): string {
  return toolTable.find((tool) => tool.operation === operation)!.name;
}

/** The tool that lists a data job's outputs from its id (no operation of its own). */
export const OUTPUTS_TOOL = "list_data_job_outputs";
/** The tool that waits for a data job (no operation of its own). */
export const WAIT_TOOL_NAME = "wait_for_data_job";

/** The next step for a job in `status`, or undefined when it is on its way and only needs waiting for. */
export function nextStep(status: string, id: string): string | undefined {
  const job = `data_job_id ${JSON.stringify(id)}`;
  switch (status) {
    case "needs_review":
      return `fix it: read its ingestion records' error_message and suggested_fix (call ${toolFor("getDataJob")} with ${job}), then call ${toolFor("removeDataJobFiles")} or ${toolFor("addDataJobFiles")} (or ${toolFor("updateDataJob")}) with ${job}, and ${WAIT_TOOL_NAME} with ${job}, until "ready_to_start"`;
    case "ready_to_start":
      return `call ${toolFor("startDataJob")} with ${job}, then ${WAIT_TOOL_NAME} with ${job}`;
    case "completed":
      return `call ${OUTPUTS_TOOL} with ${job} to find the dataset, then ${toolFor("getFileContent")} with its file_id and a path`;
    default:
      return (TERMINAL_STATUSES as readonly string[]).includes(status)
        ? `the job ended ${status}; to try again, call ${toolFor("cloneDataJob")} with ${job} and start the copy`
        : undefined;
  }
}
