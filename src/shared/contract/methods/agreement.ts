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

/** The summary a finished agreement run reports: every figure, the first documents by disagreement, and how many there are. */
export const AgreementRunSummary = AgreementSummary.extend({ perDocumentTotal: Count });
export type AgreementRunSummary = z.infer<typeof AgreementRunSummary>;

/** What to compare: everything has a default (the active project, the annotators who count, the schema's labels). */
export const AgreementRequestInput = z.strictObject({
  /** Default: the active project. */
  projectId: Id.optional(),
  /** Annotators to compare (default: every annotator who counts for at least one document under the rule). */
  annotators: z.array(Id).min(2).max(100).optional(),
  /** Labels to compare (default: the schema's). */
  labels: z.array(Label).min(1).max(100).optional(),
  tokenizer: TokenizerSpec.default({ kind: 'project' }),
  counting: CountingRule.default('done'),
});
export type AgreementRequestInput = z.input<typeof AgreementRequestInput>;

/**
 * Which figure's documents to list (docs/agreement.md, "Drill-down"): the measure, optionally one
 * annotator pair (`a`, `b`, either order) or every pair with one annotator, and one label.
 */
export const DrillFocus = z.strictObject({
  /** tokens: token κ/α and observed agreement; exact, overlap: span F1; attributes: attribute agreement; any: the overall order. */
  measure: z.enum(['any', 'tokens', 'exact', 'overlap', 'attributes']),
  a: Id.optional(),
  b: Id.optional(),
  annotator: Id.optional(),
  label: Label.optional(),
});
export type DrillFocus = z.infer<typeof DrillFocus>;

/** One file a report wrote. */
export const ReportFile = z.strictObject({ path: z.string(), bytes: Count, sha256: z.string() });

export const agreementMethods = {
  'agreement.start': defineMethod({
    description:
      'Starts computing inter-annotator agreement as a background job (a worker thread: token kappa and alpha, span F1, confusion, attributes, per document). ' +
      'Poll it with jobs.get; cancel stops the worker at once (a user pattern can take arbitrarily long on one text). The job id names the run.',
    input: AgreementRequestInput,
    output: z.strictObject({ jobId: Id }),
  }),
  'agreement.documents': defineMethod({
    description:
      'The documents behind a figure of a finished agreement run, the most disagreement first: those the figure counts, with how much each disagrees on it.',
    input: z.strictObject({
      runId: Id,
      focus: DrillFocus.default({ measure: 'any' }),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().positive().max(LIMITS.pageSize).default(50),
    }),
    output: z.strictObject({
      total: Count,
      /** The focus in words ("LOCATION, exact span F1, Ana–Bo"). */
      description: z.string(),
      rows: z.array(DocumentRow.extend({ disagreement: Count })),
    }),
  }),
  'agreement.report': defineMethod({
    description:
      'Writes the report of a finished agreement run into a new folder (inside the chosen folder, a handle from files.pick, or the exports folder): ' +
      'agreement-report.html (charts, no script, no external resource), CSV files and agreement.json.',
    input: z.strictObject({ runId: Id, folder: Id.optional() }),
    output: z.strictObject({ folder: z.string(), files: z.array(ReportFile) }),
  }),
};
