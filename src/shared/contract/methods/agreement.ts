import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { LIMITS } from '../limits';
import { AttributeValue, Id } from '../schemas';
import { DocumentStatus } from './documents';

/**
 * A figure that may not exist: agreement on nothing, or chance agreement of 1, has no value.
 * It is reported as undefined with the reason, never as NaN and never as a made-up 1 or 0.
 */
export const Figure = z.union([z.strictObject({ value: z.number() }), z.strictObject({ undefined: z.literal(true), reason: z.string() })]);
export type Figure = z.infer<typeof Figure>;

/** Longest user-given token pattern. */
export const TOKEN_PATTERN_MAX_LENGTH = 1_000;

/**
 * How text is split into tokens for token-level agreement: the project tokenizer
 * (src/shared/text/tokenize.ts), or a regular expression compiled with the `u` flag whose matches
 * are the tokens (for example `\w+|[^\w\s]`, to compare with another tool).
 */
export const TokenizerSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('project') }),
  z.strictObject({ kind: z.literal('regex'), pattern: z.string().min(1).max(TOKEN_PATTERN_MAX_LENGTH) }),
]);
export type TokenizerSpec = z.infer<typeof TokenizerSpec>;

/**
 * Which annotators count for a document (docs/agreement.md, "Who counts for a document"):
 * `done`: those who marked it done (with or without spans); `done-or-annotated`: also those who
 * have live spans in it but have not marked it done. Skipped documents never count.
 */
export const CountingRule = z.enum(['done', 'done-or-annotated']);
export type CountingRule = z.infer<typeof CountingRule>;

const Count = z.number().int().nonnegative();
const Label = z.string().min(1).max(64);

/** Span counts of one annotator pair: `a` is the reference, so precision is over b's spans. */
const PairSpanFigures = z.strictObject({
  matched: Count,
  aSpans: Count,
  bSpans: Count,
  /** matched / bSpans. */
  precision: Figure,
  /** matched / aSpans. */
  recall: Figure,
  /** 2 matched / (aSpans + bSpans); symmetric in a and b. */
  f1: Figure,
});

const PooledSpanFigures = z.strictObject({ matched: Count, spans: Count, f1: Figure });

const AttributeFigures = z.strictObject({
  label: Label,
  attribute: z.string(),
  /** Matched span pairs on which the attribute was compared. */
  compared: Count,
  agreed: Count,
  agreement: Figure,
});

/** Span counts of one pair in one document, for one label. */
const DocumentPairLabelCounts = z.strictObject({ label: Label, aSpans: Count, bSpans: Count, exactMatched: Count, overlapMatched: Count });

/** One document's contribution to every figure: enough to list the documents behind any figure. */
export const DocumentRow = z.strictObject({
  documentId: Id,
  title: z.string(),
  tokens: Count,
  /** The selected annotators' standing on this document. */
  annotators: z.array(z.strictObject({ annotatorId: Id, status: DocumentStatus, counted: z.boolean(), spans: Count })),
  token: z.strictObject({
    alpha: Figure,
    observedAgreement: Figure,
    /** Tokens on which the counted annotators do not all agree. */
    disagreeingTokens: Count,
    labels: z.array(z.strictObject({ label: Label, disagreeingTokens: Count })),
  }),
  span: z.strictObject({
    exactF1: Figure,
    overlapF1: Figure,
    /** Spans without an exact (or overlap) partner, summed over pairs. */
    exactUnmatched: Count,
    overlapUnmatched: Count,
    attributeDisagreements: Count,
  }),
  pairs: z.array(
    z.strictObject({
      a: Id,
      b: Id,
      tokens: Count,
      disagreeingTokens: Count,
      exactMatched: Count,
      overlapMatched: Count,
      aSpans: Count,
      bSpans: Count,
      attributeDisagreements: Count,
      /** Only labels either annotator used here. */
      labels: z.array(DocumentPairLabelCounts),
    }),
  ),
});
export type DocumentRow = z.infer<typeof DocumentRow>;

export const AgreementSummary = z.strictObject({
  /** The annotators compared, in the order pairs use (a before b). */
  annotators: z.array(z.strictObject({ id: Id, name: z.string() })),
  labels: z.array(Label),
  /** Token categories: 'O' then the labels; the order of every token confusion matrix. */
  categories: z.array(z.string()),
  tokenizer: TokenizerSpec,
  counting: CountingRule,
  documents: z.strictObject({
    /** Documents read. */
    total: Count,
    /** Documents with two or more counted annotators: the ones every figure is computed on. */
    compared: Count,
    /** Documents only one selected annotator counts for. */
    singleAnnotator: Count,
    /** Documents no selected annotator counts for. */
    unannotated: Count,
    /** Documents left out, with why. */
    excluded: z.array(
      z.strictObject({
        documentId: Id,
        title: z.string(),
        reason: z.enum(['text-changed', 'span-outside-text']),
        message: z.string(),
        annotators: z.array(z.strictObject({ annotatorId: Id, textSha256: z.string() })),
      }),
    ),
  }),
  /** Per annotator: what counted and what did not. */
  annotatorCounts: z.array(
    z.strictObject({
      annotatorId: Id,
      documentsCounted: Count,
      spansCounted: Count,
      /** Documents with live spans the annotator has not marked done (counted only under `done-or-annotated`). */
      unfinishedWithSpans: Count,
      skipped: Count,
    }),
  ),
  /** Spans of counted annotators whose label is not among `labels` (left out of every figure). */
  spansOutsideLabels: Count,
  token: z.strictObject({
    /** Tokens of the compared documents. */
    tokens: Count,
    /** Values in units with two or more values (Krippendorff's n). */
    pairableValues: Count,
    alpha: Figure,
    observedAgreement: Figure,
    expectedAgreement: Figure,
    fleiss: z.strictObject({ documents: Count, tokens: Count, kappa: Figure, observedAgreement: Figure, expectedAgreement: Figure }),
    pairs: z.array(
      z.strictObject({
        a: Id,
        b: Id,
        documents: Count,
        tokens: Count,
        kappa: Figure,
        observedAgreement: Figure,
        expectedAgreement: Figure,
        /** Rows: a's category, columns: b's, in the order of `categories`. */
        confusion: z.array(z.array(Count)),
      }),
    ),
    labels: z.array(z.strictObject({ label: Label, presenceAlpha: Figure, presentValues: Count, pairableValues: Count })),
  }),
  span: z.strictObject({
    exact: PooledSpanFigures.extend({ labels: z.array(PooledSpanFigures.extend({ label: Label })) }),
    overlap: PooledSpanFigures.extend({ labels: z.array(PooledSpanFigures.extend({ label: Label })) }),
    pairs: z.array(
      z.strictObject({
        a: Id,
        b: Id,
        documents: Count,
        exact: PairSpanFigures.extend({ labels: z.array(PairSpanFigures.extend({ label: Label })) }),
        overlap: PairSpanFigures.extend({ labels: z.array(PairSpanFigures.extend({ label: Label })) }),
        /** Rows: a's label, columns: b's, in the order of `labels` then 'none' (a span the other did not match). */
        confusion: z.array(z.array(Count)),
        attributes: z.array(AttributeFigures.extend({ kappa: Figure })),
      }),
    ),
    /** Summed over pairs, symmetric: cell (x, y) counts pairs where one annotator said x and the other y. */
    confusion: z.array(z.array(Count)),
    attributes: z.array(AttributeFigures),
  }),
  perDocument: z.array(DocumentRow),
});
export type AgreementSummary = z.infer<typeof AgreementSummary>;

const SpanPair = z.strictObject({ a: Id, b: Id, label: Label });

/** Everything behind one document's figures: the span ids that matched or not, the tokens that differ. */
export const DocumentComparison = z.strictObject({
  row: DocumentRow,
  /** Code-point ranges of runs of disagreeing tokens, with each counted annotator's label ('O' for none). */
  tokenDisagreements: z.array(z.strictObject({ start: Count, end: Count, labels: z.array(z.string()) })),
  /** The counted annotators, in the order of `tokenDisagreements[].labels`. */
  countedAnnotators: z.array(Id),
  pairs: z.array(
    z.strictObject({
      a: Id,
      b: Id,
      exact: z.strictObject({ matched: z.array(SpanPair), onlyA: z.array(Id), onlyB: z.array(Id) }),
      overlap: z.strictObject({ matched: z.array(SpanPair), onlyA: z.array(Id), onlyB: z.array(Id) }),
      /** Overlapping spans paired across labels after the overlap matching, and spans left without any partner. */
      labelConfusions: z.array(z.strictObject({ a: Id.nullable(), b: Id.nullable(), aLabel: z.string(), bLabel: z.string() })),
      attributeDisagreements: z.array(z.strictObject({ a: Id, b: Id, label: Label, attribute: z.string(), aValue: AttributeValue, bValue: AttributeValue })),
    }),
  ),
});
export type DocumentComparison = z.infer<typeof DocumentComparison>;

export const agreementMethods = {
  'agreement.compute': defineMethod({
    description:
      "Inter-annotator agreement over a project's documents: token kappa and alpha, span F1, confusion and attribute agreement, with the documents sorted by disagreement (the first `documentLimit`).",
    input: z.strictObject({
      projectId: Id,
      /** Annotators to compare (default: every annotator with done or annotated documents). */
      annotators: z.array(Id).min(2).max(100).optional(),
      /** Labels to compare (default: the schema's and any others in the data). */
      labels: z.array(Label).min(1).max(100).optional(),
      tokenizer: TokenizerSpec.default({ kind: 'project' }),
      counting: CountingRule.default('done'),
      documentLimit: z.number().int().nonnegative().max(LIMITS.pageSize).default(100),
    }),
    output: AgreementSummary.extend({ perDocumentTotal: Count }),
  }),
};
