/** Size limits enforced at every trust boundary (IPC, HTTP, imports). One table so hosts agree. */
export const LIMITS = {
  /** Longest id accepted (UUIDs are 36). */
  idLength: 64,
  /** Names of projects, annotators, labels and attributes. */
  nameLength: 200,
  /** Free-text attribute values and notes. */
  attributeTextLength: 2_000,
  /** Attributes per span. */
  attributesPerSpan: 32,
  /** A span's quoted text (code points). */
  quoteLength: 10_000,
  /** Characters in one document (code points): about 5 MB of English text. */
  documentLength: 5_000_000,
  /** Rows one page of a list may return. */
  pageSize: 500,
  /** Search queries. */
  queryLength: 500,
  /** Bytes of one JSON request body over HTTP. */
  requestBodyBytes: 8 * 1024 * 1024,
  /** Bytes of one file a streamed import reads (JSONL, CSV/TSV, Label Studio JSON): 4 GiB. */
  importFileBytes: 4 * 1024 * 1024 * 1024,
  /** Bytes of one file an import reads whole (plain text, HTML, brat .txt and .ann): 64 MiB. */
  importWholeFileBytes: 64 * 1024 * 1024,
  /** Bytes of one JSONL line or CSV record: a document at the size limit with its spans fits. */
  importRecordBytes: 32 * 1024 * 1024,
  /** Bytes of one browser upload (the HTTP host streams it to a temporary file). */
  uploadBytes: 4 * 1024 * 1024 * 1024,
  /** Files one import job may take (a brat folder can hold many pairs). */
  importFiles: 10_000,
} as const;
