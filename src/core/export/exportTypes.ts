import type { AnnotationOrigin } from '../../shared/contract/methods/annotations';
import type { AttributeValue } from '../../shared/contract/schemas';
import type { NormalizationForm } from '../../shared/text/normalization';

/** The three parts of a split, in the order files and counts list them. */
export const SPLITS = ['train', 'dev', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

/** An annotator as exports name them. */
export type AnnotatorRef = { id: string; name: string };

/** A span ready to write: code-point offsets, end exclusive, its text, its author. */
export type ExportSpan = {
  id: string;
  start: number;
  end: number;
  text: string;
  label: string;
  attributes: Record<string, AttributeValue>;
  annotator: AnnotatorRef;
  origin: AnnotationOrigin;
  layer: 'annotator' | 'gold';
  /** Majority vote only: how many of the document's annotators marked this span. */
  votes?: { votes: number; voters: number } | undefined;
};

/** A document as every writer gets it. */
export type ExportDocument = {
  id: string;
  externalId: string | null;
  title: string;
  source: string | null;
  publishedAt: string | null;
  text: string;
  textSha256: string;
  normalization: NormalizationForm;
  metadata: Record<string, unknown>;
};

/**
 * One document with the spans of the chosen layer. `annotators` are the annotators whose work it
 * carries (the chosen one, every annotator whose status qualifies, the gold layer's authors, or
 * the majority's voters); a writer that holds one annotator per record writes one per annotator.
 */
export type ExportRecord = {
  document: ExportDocument;
  spans: ExportSpan[];
  annotators: AnnotatorRef[];
  split: SplitName | null;
};
