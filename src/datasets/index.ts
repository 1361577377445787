/**
 * seekrflow-client/datasets: the rows of a dataset file, for Node. `readRows` reads Parquet (the
 * datasets data jobs produce) and JSONL (fine-tune files of `messages`), a row at a time, from a
 * path, bytes, a Blob or a stream. Apart from the main entry, so that a browser app never loads
 * a Parquet reader.
 */
export {
  type DatasetRow,
  type DatasetSource,
  DatasetError,
  readRows,
  type ReadRowsOptions,
} from "./read-rows.js";
