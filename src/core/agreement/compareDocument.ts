import type { DocumentComparison, DocumentRow } from '../../shared/contract/methods/agreement';
import type { DocumentStatus } from '../../shared/contract/methods/documents';
import type { AttributeValue } from '../../shared/contract/schemas';
import { OffsetMap } from '../../shared/text/offsetMap';
import { CohenTable } from './cohen';
import { quotient } from './figure';
import { FleissTable } from './fleiss';
import { NominalAlpha } from './krippendorff';
import { participation } from './participation';
import type { PreparedSettings } from './settings';
import { compareSpans, crossLabelMatching, exactMatching, type IndexPairs, overlapMatching } from './spanMatching';
import { TokenWorkspace } from './tokenLabels';
import type { AgreementDocument, AgreementSpan, AnnotatorWork } from './types';

/** Span count columns per label in `PairTally.spanCounts`. */
export const A_SPANS = 0;
export const B_SPANS = 1;
export const EXACT_MATCHED = 2;
export const OVERLAP_MATCHED = 3;
export const SPAN_COLUMNS = 4;

/** Attribute comparisons of one label and attribute over matched span pairs. */
export type AttributeTally = {
  readonly label: string;
  readonly attribute: string;
  compared: number;
  agreed: number;
  /** `JSON(a value) \u0000 JSON(b value)` → count, for kappa. */
  readonly valuePairs: Map<string, number>;
};

/** One annotator pair's contribution from one document. */
export type PairTally = {
  readonly pair: number;
  readonly cohen: CohenTable;
  disagreeingTokens: number;
  /** labels × SPAN_COLUMNS. */
  readonly spanCounts: Float64Array;
  /** (labels + 1)², rows a, columns b; the last row and column are "none". */
  readonly confusion: Float64Array;
  /** Keyed `label \u0000 attribute`. */
  readonly attributes: Map<string, AttributeTally>;
  attributeDisagreements: number;
};

/** A document left out, and why. */
export type Exclusion = {
  documentId: string;
  title: string;
  reason: 'text-changed' | 'span-outside-text';
  message: string;
  annotators: { annotatorId: string; textSha256: string }[];
};

export type Participant = {
  readonly annotatorId: string;
  readonly status: DocumentStatus;
  readonly counted: boolean;
  /** Live spans, every label. */
  readonly spans: number;
  /** Live spans with a selected label. */
  readonly keptSpans: number;
};

/** Everything one document adds to the corpus figures. */
export type DocumentTally = {
  readonly documentId: string;
  readonly title: string;
  /** compared: two or more counted annotators; single: one; unannotated: none; excluded: left out. */
  readonly outcome: 'compared' | 'single' | 'unannotated' | 'excluded';
  readonly exclusion: Exclusion | null;
  /** Every selected annotator, in order. */
  readonly participants: readonly Participant[];
  readonly spansOutsideLabels: number;
  readonly tokens: number;
  /** Present when compared. */
  readonly alpha: NominalAlpha | null;
  /** Present when compared and every selected annotator counts. */
  readonly fleiss: FleissTable | null;
  /** Per label, presence alpha. Present when compared. */
  readonly presence: readonly NominalAlpha[] | null;
  readonly pairs: readonly PairTally[];
  readonly row: DocumentRow | null;
  /** Present when asked for: span ids and token ranges behind every count. */
  readonly detail: DocumentComparison | null;
};

/** A counted annotator: their kept spans in span order, and each span's category (1-based), looked up once. */
type Counted = { index: number; work: AnnotatorWork; spans: AgreementSpan[]; categories: Int32Array };

/**
 * Compares the selected annotators on one document: who counts (participation), whether their
 * texts agree, token categories and presence, span matchings, label confusion and attributes.
 * Pure: the same document and settings always give the same tally. With `detail`, also the
 * span ids and token ranges behind every count, for drilling down from a figure.
 */
export function compareDocument(
  document: AgreementDocument,
  prepared: PreparedSettings,
  options: { detail?: boolean; workspace?: TokenWorkspace } = {},
): DocumentTally {
  const workOf = new Map(document.work.map((work) => [work.annotatorId, work]));
  const counted: Counted[] = [];
  let spansOutsideLabels = 0;
  const participants: Participant[] = prepared.annotatorIds.map((annotatorId, index) => {
    const work = workOf.get(annotatorId);
    const standing = participation(work, prepared.settings.counting);
    const kept = work ? work.spans.filter((span) => prepared.categoryOf.has(span.label)) : [];
    if (standing.counted && work) {
      // In span order once, so that every matching of every pair can skip sorting.
      kept.sort(compareSpans);
      const categories = new Int32Array(kept.length);
      for (let i = 0; i < kept.length; i++) categories[i] = prepared.categoryOf.get(kept[i]!.label)!;
      counted.push({ index, work, spans: kept, categories });
      spansOutsideLabels += work.spans.length - kept.length;
    }
    return { annotatorId, status: work?.status ?? 'todo', counted: standing.counted, spans: work?.spans.length ?? 0, keptSpans: kept.length };
  });
  const base = { documentId: document.documentId, title: document.title, participants, spansOutsideLabels };
  const empty = { tokens: 0, alpha: null, fleiss: null, presence: null, pairs: [], row: null, detail: null };
  if (counted.length === 0) return { ...base, ...empty, outcome: 'unannotated', exclusion: null };

  const offsets = new OffsetMap(document.text);
  const exclusion = checkTexts(document, offsets.codePointLength, counted, prepared);
  if (exclusion) return { ...base, ...empty, outcome: 'excluded', exclusion };
  if (counted.length === 1) return { ...base, ...empty, outcome: 'single', exclusion: null };

  const workspace = options.workspace ?? new TokenWorkspace();
  prepared.tokenizer.tokenizeInto(document.text, workspace.tokens);
  const tokenCount = workspace.tokens.length;
  const labelCount = prepared.labels.length;
  workspace.reset(counted.length, labelCount);
  counted.forEach((annotator, slot) => workspace.read(slot, annotator.spans, annotator.categories, offsets, labelCount));
  const token = compareTokens(workspace, counted, prepared);
  const pairs = token.pairs;
  const spanDetails = pairs.map((tally) => comparePairSpans(tally, counted, prepared, options.detail === true));

  const row = buildRow(document, participants, tokenCount, token, pairs, prepared);
  const detail = options.detail
    ? {
        row,
        countedAnnotators: counted.map((annotator) => annotator.work.annotatorId),
        tokenDisagreements: token.disagreementRuns.map((run) => ({
          start: offsets.toCodePoint(run.start),
          end: offsets.toCodePoint(run.end),
          labels: run.categories.map((category) => prepared.categories[category]!),
        })),
        pairs: spanDetails.map((detailOfPair, p) => {
          const pair = prepared.pairs[pairs[p]!.pair]!;
          return { a: pair.a, b: pair.b, ...detailOfPair! };
        }),
      }
    : null;
  return {
    ...base,
    outcome: 'compared',
    exclusion: null,
    tokens: tokenCount,
    alpha: token.alpha,
    fleiss: token.fleiss,
    presence: token.presence,
    pairs,
    row,
    detail,
  };
}

/** The document is left out when a counted annotator worked on another text, or a span does not fit the text. */
function checkTexts(document: AgreementDocument, length: number, counted: readonly Counted[], prepared: PreparedSettings): Exclusion | null {
  const annotators = counted.map(({ work }) => ({ annotatorId: work.annotatorId, textSha256: work.textSha256 }));
  const name = (id: string) => prepared.annotatorNames.get(id) ?? id;
  const changed = counted.filter(({ work }) => work.textSha256 !== document.textSha256);
  if (changed.length > 0) {
    const who = changed.map(({ work }) => name(work.annotatorId)).join(', ');
    return {
      documentId: document.documentId,
      title: document.title,
      reason: 'text-changed',
      message: `"${document.title}": ${who} annotated a different text (its SHA-256 differs from the stored text's); the document is left out of every figure.`,
      annotators,
    };
  }
  for (const { work, spans } of counted) {
    const bad = spans.find(
      (span) => !Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.end <= span.start || span.end > length,
    );
    if (bad) {
      return {
        documentId: document.documentId,
        title: document.title,
        reason: 'span-outside-text',
        message: `"${document.title}": span ${bad.id} of ${name(work.annotatorId)} (${bad.start}–${bad.end}) does not fit the text of ${length} characters; the document is left out of every figure.`,
        annotators,
      };
    }
  }
  return null;
}

type TokenComparison = {
  alpha: NominalAlpha;
  fleiss: FleissTable | null;
  presence: NominalAlpha[];
  pairs: PairTally[];
  disagreeingTokens: number;
  labelDisagreements: number[];
  /** UTF-16 runs of consecutive disagreeing tokens with the same categories. */
  disagreementRuns: { start: number; end: number; categories: number[] }[];
};

/**
 * Token-level tallies. Tokens no counted annotator's span covers are `O` for everyone and are
 * added in one step per figure; only covered tokens are visited one by one.
 */
function compareTokens(workspace: TokenWorkspace, counted: readonly Counted[], prepared: PreparedSettings): TokenComparison {
  const { starts, ends, length: tokenCount } = workspace.tokens;
  const { covered, readings, presentCount } = workspace;
  const m = counted.length;
  const labelCount = prepared.labels.length;
  const categoryCount = prepared.categories.length;
  let uncovered = tokenCount;
  for (let t = 0; t < tokenCount; t++) uncovered -= covered[t]!;

  const alpha = new NominalAlpha(prepared.categories, 'token');
  alpha.addUnanimous(0, m, uncovered);
  const everyone = m === prepared.annotatorIds.length;
  const fleiss = everyone ? new FleissTable(prepared.categories, m, 'tokens every annotator annotated') : null;
  fleiss?.addUnanimous(0, uncovered);
  const presence = prepared.labels.map(() => new NominalAlpha(['absent', 'present'], 'token'));
  // Covered tokens where no one has the label are added with the uncovered ones after the loop.
  const absentEverywhere = new Array<number>(labelCount).fill(0);
  const pairs: PairTally[] = [];
  const pairMembers: [number, number][] = [];
  for (let x = 0; x < m; x++) {
    for (let y = x + 1; y < m; y++) {
      const index = prepared.pairIndex[counted[x]!.index * prepared.annotatorIds.length + counted[y]!.index]!;
      const cohen = new CohenTable(prepared.categories, 'tokens both annotators annotated');
      cohen.add(0, 0, uncovered);
      pairs.push({
        pair: index,
        cohen,
        disagreeingTokens: 0,
        spanCounts: new Float64Array(labelCount * SPAN_COLUMNS),
        confusion: new Float64Array((labelCount + 1) * (labelCount + 1)),
        attributes: new Map(),
        attributeDisagreements: 0,
      });
      pairMembers.push([x, y]);
    }
  }

  const counts = new Float64Array(categoryCount);
  const binary = new Float64Array(2);
  const labelDisagreements = new Array<number>(labelCount).fill(0);
  const runs: TokenComparison['disagreementRuns'] = [];
  let disagreeingTokens = 0;
  let previousDisagreeing = -2;
  for (let t = 0; t < tokenCount; t++) {
    if (!covered[t]) continue;
    counts.fill(0);
    for (const reading of readings) counts[reading.categories[t]!]! += 1;
    alpha.addUnit(counts);
    fleiss?.addSubject(counts);
    for (let p = 0; p < pairs.length; p++) {
      const [x, y] = pairMembers[p]!;
      const a = readings[x]!.categories[t]!;
      const b = readings[y]!.categories[t]!;
      pairs[p]!.cohen.add(a, b);
      if (a !== b) pairs[p]!.disagreeingTokens++;
    }
    for (let label = 0; label < labelCount; label++) {
      const present = presentCount[t * labelCount + label]!;
      if (present === 0) {
        absentEverywhere[label]!++;
        continue;
      }
      binary[0] = m - present;
      binary[1] = present;
      presence[label]!.addUnit(binary);
      if (present < m) labelDisagreements[label]!++;
    }
    const first = readings[0]!.categories[t]!;
    let unanimous = true;
    for (let r = 1; r < m && unanimous; r++) unanimous = readings[r]!.categories[t] === first;
    if (!unanimous) {
      disagreeingTokens++;
      const categoriesHere = readings.map((reading) => reading.categories[t]!);
      const last = runs[runs.length - 1];
      if (last && previousDisagreeing === t - 1 && last.categories.every((category, i) => category === categoriesHere[i])) last.end = ends[t]!;
      else runs.push({ start: starts[t]!, end: ends[t]!, categories: categoriesHere });
      previousDisagreeing = t;
    }
  }
  presence.forEach((labelAlpha, label) => labelAlpha.addUnanimous(0, m, uncovered + absentEverywhere[label]!));
  return { alpha, fleiss, presence, pairs, disagreeingTokens, labelDisagreements, disagreementRuns: runs };
}

type PairDetail = Omit<DocumentComparison['pairs'][number], 'a' | 'b'>;

/** Span tallies of one pair: exact and overlap matchings, label confusion, attributes. */
function comparePairSpans(tally: PairTally, counted: readonly Counted[], prepared: PreparedSettings, detail: boolean): PairDetail | null {
  const pair = prepared.pairs[tally.pair]!;
  const aAnnotator = counted.find((annotator) => annotator.index === pair.i)!;
  const bAnnotator = counted.find((annotator) => annotator.index === pair.j)!;
  const a = aAnnotator.spans;
  const b = bAnnotator.spans;
  const labelCount = prepared.labels.length;
  const none = labelCount;
  // Label slots (0-based) of the spans by index.
  const aSlot = (i: number) => aAnnotator.categories[i]! - 1;
  const bSlot = (j: number) => bAnnotator.categories[j]! - 1;
  for (let i = 0; i < a.length; i++) tally.spanCounts[aSlot(i) * SPAN_COLUMNS + A_SPANS]! += 1;
  for (let j = 0; j < b.length; j++) tally.spanCounts[bSlot(j) * SPAN_COLUMNS + B_SPANS]! += 1;

  const exact = exactMatching(a, b);
  for (const [i] of exact) tally.spanCounts[aSlot(i) * SPAN_COLUMNS + EXACT_MATCHED]! += 1;
  const overlap = overlapMatching(a, b);
  const cross = crossLabelMatching(a, b, overlap);
  const cell = (row: number, column: number) => row * (labelCount + 1) + column;
  for (const [i] of overlap) {
    tally.spanCounts[aSlot(i) * SPAN_COLUMNS + OVERLAP_MATCHED]! += 1;
    tally.confusion[cell(aSlot(i), aSlot(i))]! += 1;
  }
  for (const [i, j] of cross) tally.confusion[cell(aSlot(i), bSlot(j))]! += 1;
  const aPaired = pairedSet(a.length, overlap, cross, 0);
  const bPaired = pairedSet(b.length, overlap, cross, 1);
  for (let i = 0; i < a.length; i++) if (!aPaired[i]) tally.confusion[cell(aSlot(i), none)]! += 1;
  for (let j = 0; j < b.length; j++) if (!bPaired[j]) tally.confusion[cell(none, bSlot(j))]! += 1;

  // Matched pairs are grouped by label and by their two attribute objects (shared between spans
  // with the same attributes), so each attribute is compared once per combination, not per pair.
  type Attributes = AgreementSpan['attributes'];
  const combinations = new Map<string, Map<Attributes, Map<Attributes, number>>>();
  for (const [i, j] of overlap) {
    const x = a[i]!;
    let byA = combinations.get(x.label);
    if (!byA) combinations.set(x.label, (byA = new Map<Attributes, Map<Attributes, number>>()));
    let byB = byA.get(x.attributes);
    if (!byB) byA.set(x.attributes, (byB = new Map<Attributes, number>()));
    byB.set(b[j]!.attributes, (byB.get(b[j]!.attributes) ?? 0) + 1);
  }
  for (const [label, byA] of combinations) {
    for (const [xAttributes, byB] of byA) {
      for (const [yAttributes, count] of byB) {
        for (const { attribute, valueKey, agreed } of attributeComparisons(xAttributes, yAttributes)) {
          const key = tallyKey(label, attribute);
          let attributeTally = tally.attributes.get(key);
          if (!attributeTally) tally.attributes.set(key, (attributeTally = { label, attribute, compared: 0, agreed: 0, valuePairs: new Map() }));
          attributeTally.compared += count;
          attributeTally.valuePairs.set(valueKey, (attributeTally.valuePairs.get(valueKey) ?? 0) + count);
          if (agreed) attributeTally.agreed += count;
          else tally.attributeDisagreements += count;
        }
      }
    }
  }
  if (!detail) return null;

  const matchDetail = (pairs: IndexPairs) => {
    const aMatched = new Uint8Array(a.length);
    const bMatched = new Uint8Array(b.length);
    for (const [i, j] of pairs) {
      aMatched[i] = 1;
      bMatched[j] = 1;
    }
    return {
      matched: pairs.map(([i, j]) => ({ a: a[i]!.id, b: b[j]!.id, label: a[i]!.label })),
      onlyA: a.filter((_, i) => !aMatched[i]).map((span) => span.id),
      onlyB: b.filter((_, j) => !bMatched[j]).map((span) => span.id),
    };
  };
  const attributeDisagreements: PairDetail['attributeDisagreements'] = [];
  for (const [i, j] of overlap) {
    const [x, y] = [a[i]!, b[j]!];
    compareAttributes(x.attributes, y.attributes, (attribute, aValue, bValue) => {
      if (aValue !== bValue) attributeDisagreements.push({ a: x.id, b: y.id, label: x.label, attribute, aValue, bValue });
    });
  }
  return {
    exact: matchDetail(exact),
    overlap: matchDetail(overlap),
    labelConfusions: [
      ...cross.map(([i, j]) => ({ a: a[i]!.id, b: b[j]!.id, aLabel: a[i]!.label, bLabel: b[j]!.label })),
      ...a.filter((_, i) => !aPaired[i]).map((span) => ({ a: span.id, b: null, aLabel: span.label, bLabel: 'none' })),
      ...b.filter((_, j) => !bPaired[j]).map((span) => ({ a: null, b: span.id, aLabel: 'none', bLabel: span.label })),
    ],
    attributeDisagreements,
  };
}

type AttributeComparison = { attribute: string; valueKey: string; agreed: boolean };

/**
 * Memo of attribute comparisons by the two attribute objects. The loader shares one frozen object
 * between spans with the same attributes, so over a corpus a few hundred comparisons serve a
 * million matched pairs. Weak keys: the memo never keeps attributes alive.
 */
const comparisonMemo = new WeakMap<object, WeakMap<object, AttributeComparison[]>>();

function attributeComparisons(x: AgreementSpan['attributes'], y: AgreementSpan['attributes']): AttributeComparison[] {
  let byY = comparisonMemo.get(x);
  if (!byY) comparisonMemo.set(x, (byY = new WeakMap()));
  let comparisons = byY.get(y);
  if (!comparisons) {
    const list: AttributeComparison[] = [];
    compareAttributes(x, y, (attribute, xValue, yValue) => {
      list.push({ attribute, valueKey: `${JSON.stringify(xValue)}\u0000${JSON.stringify(yValue)}`, agreed: xValue === yValue });
    });
    byY.set(y, (comparisons = list));
  }
  return comparisons;
}

const tallyKeys = new Map<string, Map<string, string>>();

/** `label \u0000 attribute`, made once per pair of names. */
function tallyKey(label: string, attribute: string): string {
  let byAttribute = tallyKeys.get(label);
  if (!byAttribute) tallyKeys.set(label, (byAttribute = new Map<string, string>()));
  let key = byAttribute.get(attribute);
  if (key === undefined) byAttribute.set(attribute, (key = `${label}\u0000${attribute}`));
  return key;
}

/** Calls `visit` for every attribute either span has (a missing one is null), in name order. */
function compareAttributes(
  x: AgreementSpan['attributes'],
  y: AgreementSpan['attributes'],
  visit: (attribute: string, xValue: AttributeValue, yValue: AttributeValue) => void,
): void {
  for (const attribute of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) visit(attribute, x[attribute] ?? null, y[attribute] ?? null);
}

function pairedSet(length: number, overlap: IndexPairs, cross: IndexPairs, side: 0 | 1): Uint8Array {
  const paired = new Uint8Array(length);
  for (const pair of overlap) paired[pair[side]] = 1;
  for (const pair of cross) paired[pair[side]] = 1;
  return paired;
}

function buildRow(
  document: AgreementDocument,
  participants: readonly Participant[],
  tokenCount: number,
  token: TokenComparison,
  pairs: readonly PairTally[],
  prepared: PreparedSettings,
): DocumentRow {
  const alpha = token.alpha.result();
  let exactMatched = 0;
  let overlapMatched = 0;
  let spans = 0;
  let attributeDisagreements = 0;
  const pairRows = pairs.map((tally) => {
    const pair = prepared.pairs[tally.pair]!;
    const column = (label: number, which: number) => tally.spanCounts[label * SPAN_COLUMNS + which]!;
    let aSpans = 0;
    let bSpans = 0;
    let exact = 0;
    let overlap = 0;
    const labels: DocumentRow['pairs'][number]['labels'] = [];
    prepared.labels.forEach((label, l) => {
      aSpans += column(l, A_SPANS);
      bSpans += column(l, B_SPANS);
      exact += column(l, EXACT_MATCHED);
      overlap += column(l, OVERLAP_MATCHED);
      if (column(l, A_SPANS) + column(l, B_SPANS) > 0) {
        labels.push({
          label,
          aSpans: column(l, A_SPANS),
          bSpans: column(l, B_SPANS),
          exactMatched: column(l, EXACT_MATCHED),
          overlapMatched: column(l, OVERLAP_MATCHED),
        });
      }
    });
    exactMatched += exact;
    overlapMatched += overlap;
    spans += aSpans + bSpans;
    attributeDisagreements += tally.attributeDisagreements;
    return {
      a: pair.a,
      b: pair.b,
      tokens: tokenCount,
      disagreeingTokens: tally.disagreeingTokens,
      exactMatched: exact,
      overlapMatched: overlap,
      aSpans,
      bSpans,
      attributeDisagreements: tally.attributeDisagreements,
      labels,
    };
  });
  const noSpans = 'no counted annotator made a span in this document';
  return {
    documentId: document.documentId,
    title: document.title,
    tokens: tokenCount,
    annotators: participants.map(({ annotatorId, status, counted, keptSpans }) => ({ annotatorId, status, counted, spans: keptSpans })),
    token: {
      alpha: alpha.alpha,
      observedAgreement: alpha.observedAgreement,
      disagreeingTokens: token.disagreeingTokens,
      labels: prepared.labels.map((label, l) => ({ label, disagreeingTokens: token.labelDisagreements[l]! })),
    },
    span: {
      exactF1: quotient(2 * exactMatched, spans, noSpans),
      overlapF1: quotient(2 * overlapMatched, spans, noSpans),
      exactUnmatched: spans - 2 * exactMatched,
      overlapUnmatched: spans - 2 * overlapMatched,
      attributeDisagreements,
    },
    pairs: pairRows,
  };
}
