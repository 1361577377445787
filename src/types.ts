/**
 * The document's schemas under the names people use. Each is the generated type itself.
 */
import type { components, operations } from "./generated/schema.js";

type Schemas = components["schemas"];

/** What a data job generates, and from what. */
export type DataJobType = Schemas["DataJobType"];
/** A data job's status before it starts. */
export type DataJobStatus = Schemas["DataJobStatus"];
/** An alignment job's status; a started data job takes it. */
export type AlignmentJobStatus = Schemas["AlignmentJobStatus"];
/** Any status a data job can report. */
export type AnyDataJobStatus = DataJob["status"];
/** The status of a document conversion. */
export type IngestionJobStatus = Schemas["IngestionJobStatus"];
/** What a file is for. */
export type FilePurpose = Schemas["FilePurpose"];
/** A data job as lists show it. */
export type DataJob = Schemas["DataJobResponse"];
/** A data job with its files, ingestion, alignment job and timeline. */
export type DataJobDetail = Schemas["DataJobDetailResponse"];
/** One page of data jobs. */
export type DataJobList = Schemas["DataJobListResponse"];
/** The body that creates a data job. */
export type DataJobCreateRequest = Schemas["DataJobCreateRequest"];
/** The body that changes a data job. */
export type DataJobUpdateRequest = Schemas["DataJobUpdateRequest"];
/** The body that attaches files to a data job. */
export type DataJobAddFilesRequest = Schemas["DataJobAddFileRequest"];
/** The body that detaches files from a data job. */
export type DataJobRemoveFilesRequest = Schemas["DataJobRemoveFilesRequest"];
/** The body that clones a data job. */
export type DataJobCloneRequest = Schemas["DataJobCloneRequest"];
/** The body that drafts a system prompt. */
export type GenerateSystemPromptRequest = Schemas["GenerateSystemPromptRequest"];
/** A file attached to a data job. */
export type DataJobFile = Schemas["DataJobFile"];
/** A job that converts attached documents. */
export type IngestionJob = Schemas["IngestionJobDetail"];
/** The conversion of one document. */
export type IngestionFileRecord = Schemas["IngestionFileRecord"];
/** One event in a data job's life. */
export type TimelineEvent = Schemas["TimelineEvent"];
/** The alignment job that generates a dataset. */
export type AlignmentJob = Schemas["AlignmentResponse"];
/** A file an alignment job produced. */
export type AlignmentOutput = Schemas["AlignmentOutput"];
/** An uploaded file's metadata. */
export type FileObject = Schemas["FileResponse"];
/** One page of files. */
export type FileList = Schemas["FileList"];
/** The result of deleting a file. */
export type FileDeleted = Schemas["FileDeleteResponse"];
/** One broken constraint in a 422 answer. */
export type ValidationErrorItem = Schemas["ValidationError"];
/** The query of the data jobs list. */
export type DataJobListParams = NonNullable<operations["listDataJobs"]["parameters"]["query"]>;
/** The query of the files list. */
export type FileListParams = NonNullable<operations["listFiles"]["parameters"]["query"]>;
/** What `generateSystemPrompt` returns (its shape is not published). */
export type GeneratedSystemPrompt =
  operations["generateSystemPrompt"]["responses"][200]["content"]["application/json"];
