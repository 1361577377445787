/**
 * The document's schemas under the names people use. Each is the generated type itself; an
 * object schema is an interface extending it, so that editors and type errors say `DataJobDetail`,
 * not the schema's expanded shape.
 */
import type { components, operations } from "./generated/schema.js";

type Schemas = components["schemas"];
/** A schema by name (an interface can extend this, not an indexed access). */
type Schema<Name extends keyof Schemas> = Schemas[Name];

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
export interface DataJob extends Schema<"DataJobResponse"> {}
/** A data job with its files, ingestion, alignment job and timeline. */
export interface DataJobDetail extends Schema<"DataJobDetailResponse"> {}
/** One page of data jobs. */
export interface DataJobList extends Schema<"DataJobListResponse"> {}
/** The body that creates a data job. */
export interface DataJobCreateRequest extends Schema<"DataJobCreateRequest"> {}
/** The body that changes a data job. */
export interface DataJobUpdateRequest extends Schema<"DataJobUpdateRequest"> {}
/** The body that attaches files to a data job. */
export interface DataJobAddFilesRequest extends Schema<"DataJobAddFileRequest"> {}
/** The body that detaches files from a data job. */
export interface DataJobRemoveFilesRequest extends Schema<"DataJobRemoveFilesRequest"> {}
/** The body that clones a data job. */
export interface DataJobCloneRequest extends Schema<"DataJobCloneRequest"> {}
/** The body that drafts a system prompt. */
export interface GenerateSystemPromptRequest extends Schema<"GenerateSystemPromptRequest"> {}
/** A file attached to a data job. */
export interface DataJobFile extends Schema<"DataJobFile"> {}
/** A job that converts attached documents. */
export interface IngestionJob extends Schema<"IngestionJobDetail"> {}
/** The conversion of one document. */
export interface IngestionFileRecord extends Schema<"IngestionFileRecord"> {}
/** One event in a data job's life. */
export interface TimelineEvent extends Schema<"TimelineEvent"> {}
/** The alignment job that generates a dataset. */
export interface AlignmentJob extends Schema<"AlignmentResponse"> {}
/** A file an alignment job produced. */
export interface AlignmentOutput extends Schema<"AlignmentOutput"> {}
/** An uploaded file's metadata. */
export interface FileObject extends Schema<"FileResponse"> {}
/** One page of files. */
export interface FileList extends Schema<"FileList"> {}
/** The result of deleting a file. */
export interface FileDeleted extends Schema<"FileDeleteResponse"> {}
/** One broken constraint in a 422 answer. */
export interface ValidationErrorItem extends Schema<"ValidationError"> {}
/** The query of the data jobs list. */
export type DataJobListParams = NonNullable<operations["listDataJobs"]["parameters"]["query"]>;
/** The query of the files list. */
export type FileListParams = NonNullable<operations["listFiles"]["parameters"]["query"]>;
/** What `generateSystemPrompt` returns (its shape is not published). */
export type GeneratedSystemPrompt =
  operations["generateSystemPrompt"]["responses"][200]["content"]["application/json"];
