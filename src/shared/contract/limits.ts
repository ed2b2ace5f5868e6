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
} as const;
