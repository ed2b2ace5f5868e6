import type { AgreementSummary, DocumentRow } from '../../shared/contract/methods/agreement';
import { CohenTable } from './cohen';
import {
  A_SPANS,
  type AttributeTally,
  B_SPANS,
  compareDocument,
  type DocumentTally,
  EXACT_MATCHED,
  type Exclusion,
  OVERLAP_MATCHED,
  SPAN_COLUMNS,
} from './compareDocument';
import { type Figure, quotient, undefinedFigure } from './figure';
import { FleissTable, type FleissState } from './fleiss';
import { type AlphaState, NominalAlpha } from './krippendorff';
import { type PreparedSettings, prepareSettings } from './settings';
import { TokenWorkspace } from './tokenLabels';
import type { AgreementDocument, AgreementSettings } from './types';

type PairTotals = {
  documents: number;
  tokens: number;
  readonly cohen: CohenTable;
  readonly spanCounts: Float64Array;
  readonly confusion: Float64Array;
  readonly attributes: Map<string, AttributeTally>;
};

type AnnotatorTotals = { documentsCounted: number; spansCounted: number; unfinishedWithSpans: number; skipped: number };

/**
 * What an accumulator has added up, as plain data (typed arrays, maps, plain objects), so that a
 * part of a corpus counted in another thread can be posted back and merged: every count is an
 * integer, so merging parts gives exactly the sums of adding their documents in one accumulator.
 */
export type AgreementPart = {
  documents: number;
  compared: number;
  single: number;
  unannotated: number;
  excluded: Exclusion[];
  annotatorTotals: AnnotatorTotals[];
  spansOutsideLabels: number;
  tokens: number;
  alpha: AlphaState;
  fleiss: FleissState;
  fleissDocuments: number;
  fleissTokens: number;
  presence: AlphaState[];
  pairTotals: {
    documents: number;
    tokens: number;
    cohen: Float64Array;
    spanCounts: Float64Array;
    confusion: Float64Array;
    attributes: Map<string, AttributeTally>;
  }[];
  rows: DocumentRow[];
};

/**
 * Agreement over a corpus, one document at a time: `add` each document (in any number, streamed
 * from the store or from a bundle), then `finish`. Only counts are kept between documents (and
 * one small row per compared document), never the tokens, so memory does not grow with the text.
 */
export class AgreementAccumulator {
  readonly prepared: PreparedSettings;
  private documents = 0;
  private compared = 0;
  private single = 0;
  private unannotated = 0;
  private readonly excluded: Exclusion[] = [];
  private readonly annotatorTotals: AnnotatorTotals[];
  private spansOutsideLabels = 0;
  private tokens = 0;
  private readonly alpha: NominalAlpha;
  private readonly fleiss: FleissTable;
  private fleissDocuments = 0;
  private fleissTokens = 0;
  private readonly presence: NominalAlpha[];
  private readonly pairTotals: PairTotals[];
  private readonly rows: DocumentRow[] = [];
  private readonly workspace = new TokenWorkspace();

  constructor(settings: AgreementSettings | PreparedSettings) {
    this.prepared = 'pairIndex' in settings ? settings : prepareSettings(settings);
    const { categories, labels, pairs, annotatorIds } = this.prepared;
    this.annotatorTotals = annotatorIds.map(() => ({ documentsCounted: 0, spansCounted: 0, unfinishedWithSpans: 0, skipped: 0 }));
    this.alpha = new NominalAlpha(categories, 'token');
    this.fleiss = new FleissTable(categories, annotatorIds.length, 'tokens every annotator annotated');
    this.presence = labels.map(() => new NominalAlpha(['absent', 'present'], 'token'));
    this.pairTotals = pairs.map(() => ({
      documents: 0,
      tokens: 0,
      cohen: new CohenTable(categories, 'tokens both annotators annotated'),
      spanCounts: new Float64Array(labels.length * SPAN_COLUMNS),
      confusion: new Float64Array((labels.length + 1) * (labels.length + 1)),
      attributes: new Map(),
    }));
  }

  /** Adds one document; returns its tally (with the drill-down detail when asked). */
  add(document: AgreementDocument, options: { detail?: boolean } = {}): DocumentTally {
    const tally = compareDocument(document, this.prepared, { ...options, workspace: this.workspace });
    this.documents++;
    tally.participants.forEach((participant, i) => {
      const totals = this.annotatorTotals[i]!;
      if (participant.status === 'skipped') totals.skipped++;
      else if (participant.status !== 'done' && participant.spans > 0) totals.unfinishedWithSpans++;
      if (participant.counted && (tally.outcome === 'compared' || tally.outcome === 'single')) {
        totals.documentsCounted++;
        totals.spansCounted += participant.keptSpans;
      }
    });
    if (tally.outcome !== 'excluded') this.spansOutsideLabels += tally.spansOutsideLabels;
    switch (tally.outcome) {
      case 'unannotated':
        this.unannotated++;
        return tally;
      case 'single':
        this.single++;
        return tally;
      case 'excluded':
        this.excluded.push(tally.exclusion!);
        return tally;
      case 'compared':
        break;
    }
    this.compared++;
    this.tokens += tally.tokens;
    this.alpha.merge(tally.alpha!);
    if (tally.fleiss) {
      this.fleiss.merge(tally.fleiss);
      this.fleissDocuments++;
      this.fleissTokens += tally.tokens;
    }
    tally.presence!.forEach((labelAlpha, l) => this.presence[l]!.merge(labelAlpha));
    for (const pair of tally.pairs) {
      const totals = this.pairTotals[pair.pair]!;
      totals.documents++;
      totals.tokens += tally.tokens;
      totals.cohen.merge(pair.cohen);
      addInto(totals.spanCounts, pair.spanCounts);
      addInto(totals.confusion, pair.confusion);
      mergeAttributes(totals.attributes, pair.attributes);
    }
    this.rows.push(tally.row!);
    return tally;
  }

  /** Documents added so far (directly or in absorbed parts). */
  get documentsAdded(): number {
    return this.documents;
  }

  /** Everything added so far, as plain data for {@link absorb} (in another thread, or this one). */
  part(): AgreementPart {
    return {
      documents: this.documents,
      compared: this.compared,
      single: this.single,
      unannotated: this.unannotated,
      excluded: this.excluded,
      annotatorTotals: this.annotatorTotals,
      spansOutsideLabels: this.spansOutsideLabels,
      tokens: this.tokens,
      alpha: this.alpha.state(),
      fleiss: this.fleiss.state(),
      fleissDocuments: this.fleissDocuments,
      fleissTokens: this.fleissTokens,
      presence: this.presence.map((alpha) => alpha.state()),
      pairTotals: this.pairTotals.map((totals) => ({ ...totals, cohen: totals.cohen.counts })),
      rows: this.rows,
    };
  }

  /**
   * Adds a part counted by another accumulator with the same settings, as if its documents were
   * added here now: parts absorbed in corpus order give the same summary, row order included.
   */
  absorb(part: AgreementPart): void {
    this.documents += part.documents;
    this.compared += part.compared;
    this.single += part.single;
    this.unannotated += part.unannotated;
    for (const exclusion of part.excluded) this.excluded.push(exclusion);
    part.annotatorTotals.forEach((from, i) => {
      const into = this.annotatorTotals[i]!;
      into.documentsCounted += from.documentsCounted;
      into.spansCounted += from.spansCounted;
      into.unfinishedWithSpans += from.unfinishedWithSpans;
      into.skipped += from.skipped;
    });
    this.spansOutsideLabels += part.spansOutsideLabels;
    this.tokens += part.tokens;
    this.alpha.mergeState(part.alpha);
    this.fleiss.mergeState(part.fleiss);
    this.fleissDocuments += part.fleissDocuments;
    this.fleissTokens += part.fleissTokens;
    part.presence.forEach((state, l) => this.presence[l]!.mergeState(state));
    part.pairTotals.forEach((from, p) => {
      const into = this.pairTotals[p]!;
      into.documents += from.documents;
      into.tokens += from.tokens;
      into.cohen.merge({ counts: from.cohen });
      addInto(into.spanCounts, from.spanCounts);
      addInto(into.confusion, from.confusion);
      mergeAttributes(into.attributes, from.attributes);
    });
    for (const row of part.rows) this.rows.push(row);
  }

  /** Every figure, with the per-document rows in the order the documents were added. */
  finish(): AgreementSummary {
    const { prepared } = this;
    const { labels, categories } = prepared;
    const name = (id: string) => prepared.annotatorNames.get(id) ?? id;
    const alpha = this.alpha.result();
    const fleiss = this.fleiss.result();

    const pooled = (column: number) => {
      const perLabel = labels.map((label, l) => {
        let matched = 0;
        let spans = 0;
        for (const totals of this.pairTotals) {
          matched += totals.spanCounts[l * SPAN_COLUMNS + column]!;
          spans += totals.spanCounts[l * SPAN_COLUMNS + A_SPANS]! + totals.spanCounts[l * SPAN_COLUMNS + B_SPANS]!;
        }
        return { label, matched, spans, f1: quotient(2 * matched, spans, this.noSpanReason(label)) };
      });
      const matched = perLabel.reduce((sum, label) => sum + label.matched, 0);
      const spans = perLabel.reduce((sum, label) => sum + label.spans, 0);
      return { matched, spans, f1: quotient(2 * matched, spans, this.noSpanReason(null)), labels: perLabel };
    };

    const size = labels.length + 1;
    const pooledConfusion = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    const pooledAttributes = new Map<string, { label: string; attribute: string; compared: number; agreed: number }>();

    const spanPairs = prepared.pairs.map((pair) => {
      const totals = this.pairTotals[pair.index]!;
      const both = `the ${totals.documents} documents both ${name(pair.a)} and ${name(pair.b)} annotated`;
      const figures = (column: number) => {
        const perLabel = labels.map((label, l) => {
          const at = (which: number) => totals.spanCounts[l * SPAN_COLUMNS + which]!;
          return { label, ...pairFigures(at(column), at(A_SPANS), at(B_SPANS), name(pair.a), name(pair.b), `${label} spans`, totals.documents, both) };
        });
        const sum = (key: 'matched' | 'aSpans' | 'bSpans') => perLabel.reduce((total, label) => total + label[key], 0);
        return { ...pairFigures(sum('matched'), sum('aSpans'), sum('bSpans'), name(pair.a), name(pair.b), 'spans', totals.documents, both), labels: perLabel };
      };
      const confusion = Array.from({ length: size }, (_, row) => Array.from(totals.confusion.subarray(row * size, (row + 1) * size)));
      for (let row = 0; row < size; row++) {
        for (let column = 0; column < size; column++) {
          const count = confusion[row]![column]!;
          pooledConfusion[row]![column]! += count;
          if (row !== column) pooledConfusion[column]![row]! += count;
        }
      }
      const attributes = this.sortedAttributes(totals.attributes).map((attribute) => {
        const key = `${attribute.label}\u0000${attribute.attribute}`;
        const into = pooledAttributes.get(key) ?? { label: attribute.label, attribute: attribute.attribute, compared: 0, agreed: 0 };
        into.compared += attribute.compared;
        into.agreed += attribute.agreed;
        pooledAttributes.set(key, into);
        return {
          label: attribute.label,
          attribute: attribute.attribute,
          compared: attribute.compared,
          agreed: attribute.agreed,
          agreement: quotient(attribute.agreed, attribute.compared, `no matched ${attribute.label} spans carry ${attribute.attribute}`),
          kappa: attributeKappa(attribute),
        };
      });
      return { a: pair.a, b: pair.b, documents: totals.documents, exact: figures(EXACT_MATCHED), overlap: figures(OVERLAP_MATCHED), confusion, attributes };
    });

    return {
      annotators: prepared.annotatorIds.map((id) => ({ id, name: name(id) })),
      labels: [...labels],
      categories: [...categories],
      tokenizer: prepared.settings.tokenizer,
      counting: prepared.settings.counting,
      documents: { total: this.documents, compared: this.compared, singleAnnotator: this.single, unannotated: this.unannotated, excluded: this.excluded },
      annotatorCounts: prepared.annotatorIds.map((annotatorId, i) => ({ annotatorId, ...this.annotatorTotals[i]! })),
      spansOutsideLabels: this.spansOutsideLabels,
      token: {
        tokens: this.tokens,
        pairableValues: alpha.pairableValues,
        alpha: alpha.alpha,
        observedAgreement: alpha.observedAgreement,
        expectedAgreement: alpha.expectedAgreement,
        fleiss: {
          documents: this.fleissDocuments,
          tokens: this.fleissTokens,
          kappa: fleiss.kappa,
          observedAgreement: fleiss.observedAgreement,
          expectedAgreement: fleiss.expectedAgreement,
        },
        pairs: prepared.pairs.map((pair) => {
          const totals = this.pairTotals[pair.index]!;
          const cohen = totals.cohen.result();
          return {
            a: pair.a,
            b: pair.b,
            documents: totals.documents,
            tokens: totals.tokens,
            kappa: cohen.kappa,
            observedAgreement: cohen.observedAgreement,
            expectedAgreement: cohen.expectedAgreement,
            confusion: totals.cohen.matrix(),
          };
        }),
        labels: labels.map((label, l) => {
          const presence = this.presence[l]!.result();
          return { label, presenceAlpha: presence.alpha, presentValues: presence.valueCounts[1] ?? 0, pairableValues: presence.pairableValues };
        }),
      },
      span: {
        exact: pooled(EXACT_MATCHED),
        overlap: pooled(OVERLAP_MATCHED),
        pairs: spanPairs,
        confusion: pooledConfusion,
        attributes: this.sortedAttributes(pooledAttributes).map((attribute) => ({
          ...attribute,
          agreement: quotient(attribute.agreed, attribute.compared, `no matched ${attribute.label} spans carry ${attribute.attribute}`),
        })),
      },
      perDocument: this.rows,
    };
  }

  private noSpanReason(label: string | null): string {
    if (this.compared === 0) return 'nothing to compare: no document has two or more counted annotators';
    return `no counted annotator made ${label === null ? 'a span' : `a ${label} span`} in the ${this.compared} compared documents`;
  }

  /** Attributes in label order, then by name. */
  private sortedAttributes<T extends { label: string; attribute: string }>(attributes: Map<string, T>): T[] {
    const order = new Map(this.prepared.labels.map((label, i) => [label, i]));
    return [...attributes.values()].sort(
      (x, y) => (order.get(x.label) ?? 0) - (order.get(y.label) ?? 0) || (x.attribute < y.attribute ? -1 : x.attribute > y.attribute ? 1 : 0),
    );
  }
}

/** Precision, recall and F1 of b against a as reference, with the reasons when undefined. */
function pairFigures(matched: number, aSpans: number, bSpans: number, aName: string, bName: string, what: string, documents: number, both: string) {
  if (documents === 0) {
    const reason = `nothing to compare: no document counts for both ${aName} and ${bName}`;
    return { matched, aSpans, bSpans, precision: undefinedFigure(reason), recall: undefinedFigure(reason), f1: undefinedFigure(reason) };
  }
  return {
    matched,
    aSpans,
    bSpans,
    precision: quotient(matched, bSpans, `${bName} made no ${what} in ${both}`),
    recall: quotient(matched, aSpans, `${aName} made no ${what} in ${both}`),
    f1: quotient(2 * matched, aSpans + bSpans, `neither made any ${what} in ${both}`),
  };
}

/** Cohen's kappa of an attribute's values over matched span pairs. */
function attributeKappa(attribute: AttributeTally): Figure {
  const pairs = [...attribute.valuePairs].map(([key, count]) => {
    const [a, b] = key.split('\u0000') as [string, string];
    return { a, b, count };
  });
  const values = [...new Set(pairs.flatMap((pair) => [pair.a, pair.b]))].sort();
  const index = new Map(values.map((value, i) => [value, i]));
  const readable = values.map((value) => {
    const parsed = JSON.parse(value) as unknown;
    return typeof parsed === 'string' ? parsed : value;
  });
  const table = new CohenTable(readable, `matched ${attribute.label} spans`);
  for (const pair of pairs) table.add(index.get(pair.a)!, index.get(pair.b)!, pair.count);
  return table.result().kappa;
}

/** Adds attribute tallies into others (copies what is new, so the source is never shared). */
function mergeAttributes(into: Map<string, AttributeTally>, from: ReadonlyMap<string, AttributeTally>): void {
  for (const [key, attribute] of from) {
    const tally = into.get(key);
    if (!tally) {
      into.set(key, { ...attribute, valuePairs: new Map(attribute.valuePairs) });
      continue;
    }
    tally.compared += attribute.compared;
    tally.agreed += attribute.agreed;
    for (const [values, count] of attribute.valuePairs) tally.valuePairs.set(values, (tally.valuePairs.get(values) ?? 0) + count);
  }
}

function addInto(into: Float64Array, from: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i]! += from[i]!;
}
