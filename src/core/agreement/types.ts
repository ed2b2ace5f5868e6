import type { CountingRule, TokenizerSpec } from '../../shared/contract/methods/agreement';
import type { DocumentStatus } from '../../shared/contract/methods/documents';
import type { AttributeValue } from '../../shared/contract/schemas';

/** A live span as agreement reads it: code-point offsets, end exclusive. */
export type AgreementSpan = {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
};

/**
 * One annotator's work on a document: the text they annotated (by SHA-256, since work merged from
 * another machine may have been done on a different text), their status, their live spans.
 */
export type AnnotatorWork = {
  readonly annotatorId: string;
  readonly textSha256: string;
  readonly status: DocumentStatus;
  readonly spans: readonly AgreementSpan[];
};

/** A document with every annotator's work on it: what the metrics read, one document at a time. */
export type AgreementDocument = {
  readonly documentId: string;
  readonly title: string;
  readonly text: string;
  readonly textSha256: string;
  /** At most one entry per annotator; an annotator with no entry has not touched the document. */
  readonly work: readonly AnnotatorWork[];
};

/** What to compare and how. */
export type AgreementSettings = {
  /** The annotators, in the order pairs use (a before b). At least two. */
  readonly annotators: readonly { readonly id: string; readonly name: string }[];
  /** The labels; spans with other labels are left out (and counted). At least one. */
  readonly labels: readonly string[];
  readonly tokenizer: TokenizerSpec;
  readonly counting: CountingRule;
};
