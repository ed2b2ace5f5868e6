import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textSha256 } from '../services/addDocument';
import type { DocumentStatus } from '../../shared/contract/methods/documents';
import { AgreementSummary } from '../../shared/contract/methods/agreement';
import { AgreementAccumulator } from './corpusAgreement';
import type { Figure } from './figure';
import type { AgreementDocument, AgreementSettings, AgreementSpan } from './types';

const ANNOTATORS = [
  { id: 'ana', name: 'Ana' },
  { id: 'bo', name: 'Bo' },
  { id: 'cy', name: 'Cy' },
];
const SETTINGS: AgreementSettings = { annotators: ANNOTATORS, labels: ['ACTOR', 'LOCATION'], tokenizer: { kind: 'project' }, counting: 'done' };

type SpanSpec = [start: number, end: number, label: string, attributes?: AgreementSpan['attributes']];

let nextId = 0;
/** A document with each annotator's status and spans; ids are generated in order. */
function document(text: string, work: Record<string, { status: DocumentStatus; spans?: SpanSpec[]; textSha256?: string }>, title = 'Doc'): AgreementDocument {
  const sha = textSha256(text);
  return {
    documentId: `doc${nextId++}`,
    title,
    text,
    textSha256: sha,
    work: Object.entries(work).map(([annotatorId, { status, spans = [], textSha256: annotated }]) => ({
      annotatorId,
      status,
      textSha256: annotated ?? sha,
      spans: spans.map(([start, end, label, attributes = {}]) => ({ id: `${annotatorId}-${start}-${end}-${label}`, start, end, label, attributes })),
    })),
  };
}

function summarize(documents: AgreementDocument[], settings: AgreementSettings = SETTINGS): AgreementSummary {
  const accumulator = new AgreementAccumulator(settings);
  for (const doc of documents) accumulator.add(doc);
  const summary = accumulator.finish();
  AgreementSummary.parse(summary); // the contract's schema: no NaN, no stray field
  return summary;
}

const value = (figure: Figure) => {
  if (!('value' in figure)) throw new Error(`undefined: ${figure.reason}`);
  return figure.value;
};
const reason = (figure: Figure) => ('reason' in figure ? figure.reason : `defined: ${figure.value}`);
const pair = <T extends { a: string; b: string }>(list: T[], a: string, b: string) => list.find((entry) => entry.a === a && entry.b === b)!;

// Tokens: Militants attacked Tower 22 in Jordan .
const TEXT = 'Militants attacked Tower 22 in Jordan.';
const ACTOR: SpanSpec = [0, 9, 'ACTOR', { actor_type: 'non_state_armed' }];
const TOWER_22: SpanSpec = [19, 27, 'LOCATION', { granularity: 'site' }];
const TOWER: SpanSpec = [19, 24, 'LOCATION', { granularity: 'site' }];
const JORDAN_COUNTRY: SpanSpec = [31, 37, 'LOCATION', { granularity: 'country' }];
const JORDAN_ADMIN1: SpanSpec = [31, 37, 'LOCATION', { granularity: 'admin1' }];

/** Ana: ACTOR, LOCATION "Tower 22", LOCATION "Jordan"; Bo: the same but "Tower"; Cy: done with no span. */
function handWorked() {
  return document(TEXT, {
    ana: { status: 'done', spans: [ACTOR, TOWER_22, JORDAN_COUNTRY] },
    bo: { status: 'done', spans: [ACTOR, TOWER, JORDAN_ADMIN1] },
    cy: { status: 'done' },
  });
}

describe('AgreementAccumulator on a hand-worked document', () => {
  // Categories per token (O = 0, ACTOR = 1, LOCATION = 2):
  //        Militants attacked Tower 22 in Jordan .
  //   Ana      1        0       2    2  0    2   0
  //   Bo       1        0       2    0  0    2   0
  //   Cy       0        0       0    0  0    0   0
  const summary = summarize([handWorked()]);

  it("computes Cohen's kappa per pair by hand", () => {
    // Ana–Bo: p_o = 6/7; margins Ana (3, 1, 3), Bo (4, 1, 2): p_e = 19/49; κ = 23/30.
    const anaBo = pair(summary.token.pairs, 'ana', 'bo');
    expect(anaBo.tokens).toBe(7);
    expect(value(anaBo.observedAgreement)).toBeCloseTo(6 / 7, 12);
    expect(value(anaBo.expectedAgreement)).toBeCloseTo(19 / 49, 12);
    expect(value(anaBo.kappa)).toBeCloseTo(23 / 30, 12);
    expect(anaBo.confusion).toEqual([
      [3, 0, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
    // Cy labelled everything O: agreement is exactly chance, κ = 0 (defined: Ana used three categories).
    expect(value(pair(summary.token.pairs, 'ana', 'cy').kappa)).toBeCloseTo(0, 12);
    expect(value(pair(summary.token.pairs, 'bo', 'cy').kappa)).toBeCloseTo(0, 12);
  });

  it("computes Krippendorff's alpha and Fleiss' kappa by hand", () => {
    // 7 units × 3 values: Σ o_cc = 13, n = 21, n_c = (14, 2, 5): α = 1 − 20 × 8 / (441 − 225) = 7/27.
    expect(summary.token.pairableValues).toBe(21);
    expect(value(summary.token.observedAgreement)).toBeCloseTo(13 / 21, 12);
    expect(value(summary.token.alpha)).toBeCloseTo(7 / 27, 12);
    // Σ n_ij² = 47: P̄ = 13/21, P̄e = 225/441, κ = 48/216.
    expect(summary.token.fleiss).toMatchObject({ documents: 1, tokens: 7 });
    expect(value(summary.token.fleiss.observedAgreement)).toBeCloseTo(13 / 21, 12);
    expect(value(summary.token.fleiss.kappa)).toBeCloseTo(2 / 9, 12);
  });

  it('computes presence alpha per label by hand', () => {
    // ACTOR present on "Militants" for Ana and Bo only: Σ o_cc = 19, n = 21, n = (19, 2): α = 1 − 20 × 2 / 76 = 9/19.
    const [actor, location] = summary.token.labels;
    expect(actor).toMatchObject({ label: 'ACTOR', presentValues: 2, pairableValues: 21 });
    expect(value(actor!.presenceAlpha)).toBeCloseTo(9 / 19, 12);
    // LOCATION: Σ o_cc = 15, n = (16, 5): α = 1 − 20 × 6 / 160 = 1/4.
    expect(value(location!.presenceAlpha)).toBeCloseTo(0.25, 12);
  });

  it('computes span precision, recall and F1 per pair, exact and overlap', () => {
    const anaBo = pair(summary.span.pairs, 'ana', 'bo');
    expect(anaBo.exact).toMatchObject({ matched: 2, aSpans: 3, bSpans: 3 });
    expect(value(anaBo.exact.f1)).toBeCloseTo(2 / 3, 12);
    expect(value(anaBo.overlap.f1)).toBe(1);
    expect(value(anaBo.exact.labels[1]!.precision)).toBeCloseTo(0.5, 12);
    const anaCy = pair(summary.span.pairs, 'ana', 'cy');
    expect(reason(anaCy.exact.precision)).toBe('Cy made no spans in the 1 documents both Ana and Cy annotated');
    // With Cy as the reference, recall is the undefined one.
    const cyFirst = summarize([handWorked()], { ...SETTINGS, annotators: [ANNOTATORS[2]!, ANNOTATORS[0]!] });
    expect(reason(cyFirst.span.pairs[0]!.exact.recall)).toBe('Cy made no spans in the 1 documents both Cy and Ana annotated');
    expect(reason(cyFirst.span.pairs[0]!.exact.labels[0]!.recall)).toBe('Cy made no ACTOR spans in the 1 documents both Cy and Ana annotated');
    expect(value(cyFirst.span.pairs[0]!.exact.precision)).toBe(0);
    expect(value(anaCy.exact.recall)).toBe(0);
    expect(value(anaCy.exact.f1)).toBe(0);
    // Pooled over the three pairs: exact 2 matched of 12 spans, overlap 3.
    expect(summary.span.exact).toMatchObject({ matched: 2, spans: 12 });
    expect(value(summary.span.exact.f1)).toBeCloseTo(1 / 3, 12);
    expect(value(summary.span.overlap.f1)).toBeCloseTo(0.5, 12);
    expect(summary.span.exact.labels.map((label) => value(label.f1))).toEqual([0.5, 0.25]);
  });

  it('builds the label confusion matrix with unmatched spans against none', () => {
    expect(pair(summary.span.pairs, 'ana', 'bo').confusion).toEqual([
      [1, 0, 0],
      [0, 2, 0],
      [0, 0, 0],
    ]);
    expect(pair(summary.span.pairs, 'ana', 'cy').confusion).toEqual([
      [0, 0, 1],
      [0, 0, 2],
      [0, 0, 0],
    ]);
    // Pooled and symmetric: ACTOR–none 2 (Ana–Cy, Bo–Cy), LOCATION–none 4.
    expect(summary.span.confusion).toEqual([
      [1, 0, 2],
      [0, 2, 4],
      [2, 4, 0],
    ]);
  });

  it('compares attributes on overlap-matched spans', () => {
    const attributes = pair(summary.span.pairs, 'ana', 'bo').attributes;
    expect(attributes.map(({ label, attribute, compared, agreed }) => [label, attribute, compared, agreed])).toEqual([
      ['ACTOR', 'actor_type', 1, 1],
      ['LOCATION', 'granularity', 2, 1],
    ]);
    // granularity: (site, site), (country, admin1): p_o = 1/2, p_e = 1/4, κ = 1/3.
    expect(value(attributes[1]!.kappa)).toBeCloseTo(1 / 3, 12);
    expect(reason(attributes[0]!.kappa)).toBe('chance agreement is certain: both annotators used only "non_state_armed" on all 1 matched ACTOR spans');
    expect(value(summary.span.attributes[1]!.agreement)).toBe(0.5);
  });

  it('keeps a row per compared document with the counts behind every figure', () => {
    const [row] = summary.perDocument;
    expect(row).toMatchObject({ tokens: 7, token: { disagreeingTokens: 4 }, span: { exactUnmatched: 8, overlapUnmatched: 6, attributeDisagreements: 1 } });
    expect(row!.token.labels).toEqual([
      { label: 'ACTOR', disagreeingTokens: 1 },
      { label: 'LOCATION', disagreeingTokens: 3 },
    ]);
    expect(pair(row!.pairs, 'ana', 'bo')).toMatchObject({ disagreeingTokens: 1, exactMatched: 2, overlapMatched: 3, aSpans: 3, bSpans: 3 });
    expect(value(row!.token.alpha)).toBeCloseTo(7 / 27, 12);
  });
});

describe('who counts for a document', () => {
  const unfinished = () =>
    document(TEXT, {
      ana: { status: 'done', spans: [ACTOR] },
      bo: { status: 'in_progress', spans: [ACTOR] },
    });

  it('counts only done work by default, and reports unfinished work with spans', () => {
    const summary = summarize([unfinished()]);
    expect(summary.documents).toMatchObject({ total: 1, compared: 0, singleAnnotator: 1 });
    expect(summary.annotatorCounts.map((counts) => [counts.annotatorId, counts.documentsCounted, counts.unfinishedWithSpans])).toEqual([
      ['ana', 1, 0],
      ['bo', 0, 1],
      ['cy', 0, 0],
    ]);
    expect(reason(pair(summary.token.pairs, 'ana', 'bo').kappa)).toBe('nothing to compare: there are no tokens both annotators annotated');
    expect(reason(pair(summary.span.pairs, 'ana', 'bo').exact.f1)).toBe('nothing to compare: no document counts for both Ana and Bo');
  });

  it('counts annotated work under done-or-annotated; a missing annotator contributes nothing', () => {
    const summary = summarize([unfinished()], { ...SETTINGS, counting: 'done-or-annotated' });
    expect(summary.documents.compared).toBe(1);
    // Cy never touched it: not in any pair's documents, and Fleiss (every annotator) has nothing.
    expect(pair(summary.token.pairs, 'ana', 'cy').documents).toBe(0);
    expect(summary.token.fleiss.documents).toBe(0);
    expect(reason(summary.token.fleiss.kappa)).toBe('nothing to compare: there are no tokens every annotator annotated');
    // Ana and Bo agree on every token, but only O and ACTOR occur: α = 1 (two categories vary).
    expect(value(summary.token.alpha)).toBe(1);
  });

  it('never counts a skipped document, even with spans', () => {
    const summary = summarize(
      [document(TEXT, { ana: { status: 'done', spans: [ACTOR] }, bo: { status: 'skipped', spans: [ACTOR] }, cy: { status: 'done' } })],
      { ...SETTINGS, counting: 'done-or-annotated' },
    );
    expect(summary.perDocument[0]!.annotators.map((annotator) => annotator.counted)).toEqual([true, false, true]);
    expect(summary.annotatorCounts[1]).toMatchObject({ skipped: 1, documentsCounted: 0 });
    expect(pair(summary.token.pairs, 'ana', 'cy').documents).toBe(1);
  });

  it('treats a done document with no spans as all O, so two empty annotators agree but kappa is undefined', () => {
    const summary = summarize([document(TEXT, { ana: { status: 'done' }, bo: { status: 'done' } })], { ...SETTINGS, annotators: ANNOTATORS.slice(0, 2) });
    const anaBo = summary.token.pairs[0]!;
    expect(value(anaBo.observedAgreement)).toBe(1);
    expect(reason(anaBo.kappa)).toBe('chance agreement is certain: both annotators used only "O" on all 7 tokens both annotators annotated');
    expect(reason(summary.token.alpha)).toBe('only one category occurs: all 14 pairable values are "O", so there is no variation to agree on');
    expect(reason(summary.token.labels[0]!.presenceAlpha)).toMatch(/only one category occurs: all 14 pairable values are "absent"/);
    expect(reason(summary.span.exact.f1)).toBe('no counted annotator made a span in the 1 compared documents');
    expect(reason(summary.span.pairs[0]!.exact.f1)).toBe('neither made any spans in the 1 documents both Ana and Bo annotated');
    expect(reason(summary.perDocument[0]!.span.exactF1)).toBe('no counted annotator made a span in this document');
  });

  it('reports every figure undefined with its reason when fewer than two annotators are selected', () => {
    const summary = summarize([handWorked()], { ...SETTINGS, annotators: ANNOTATORS.slice(0, 1) });
    expect(summary.token.pairs).toEqual([]);
    expect(reason(summary.token.fleiss.kappa)).toBe("Fleiss' kappa needs at least two annotators (1 selected)");
    expect(reason(summary.token.alpha)).toBe('nothing to compare: no token has values from two or more annotators');
    expect(reason(summary.span.exact.f1)).toBe('nothing to compare: no document has two or more counted annotators');
  });
});

describe('documents left out', () => {
  it('leaves out and lists a document whose text differs between annotators', () => {
    const changed = document(TEXT, { ana: { status: 'done', spans: [ACTOR] }, bo: { status: 'done', spans: [ACTOR], textSha256: 'f'.repeat(64) } }, 'Changed');
    const summary = summarize([changed, handWorked()]);
    expect(summary.documents).toMatchObject({ total: 2, compared: 1 });
    expect(summary.documents.excluded).toEqual([
      {
        documentId: changed.documentId,
        title: 'Changed',
        reason: 'text-changed',
        message: '"Changed": Bo annotated a different text (its SHA-256 differs from the stored text\'s); the document is left out of every figure.',
        annotators: [
          { annotatorId: 'ana', textSha256: changed.textSha256 },
          { annotatorId: 'bo', textSha256: 'f'.repeat(64) },
        ],
      },
    ]);
    // The figures are those of the hand-worked document alone.
    expect(value(summary.token.alpha)).toBeCloseTo(7 / 27, 12);
    expect(summary.annotatorCounts[0]!.documentsCounted).toBe(1);
  });

  it('leaves out a document with a span past the end of its text', () => {
    const summary = summarize([document('short', { ana: { status: 'done', spans: [[0, 9, 'ACTOR']] }, bo: { status: 'done' } })]);
    expect(summary.documents.excluded[0]).toMatchObject({ reason: 'span-outside-text' });
    expect(summary.documents.excluded[0]!.message).toMatch(/span ana-0-9-ACTOR of Ana \(0–9\) does not fit the text of 5 characters/);
  });

  it('leaves spans of unselected labels out of every figure, and counts them', () => {
    const summary = summarize([handWorked()], { ...SETTINGS, labels: ['LOCATION'] });
    expect(summary.spansOutsideLabels).toBe(2);
    expect(summary.categories).toEqual(['O', 'LOCATION']);
    expect(pair(summary.span.pairs, 'ana', 'bo').exact).toMatchObject({ matched: 1, aSpans: 2, bSpans: 2 });
  });
});

describe('token labels', () => {
  it('gives a token the innermost of nested spans; presence counts both', () => {
    // Tokens: the Iraqi army fired
    const text = 'the Iraqi army fired';
    const summary = summarize([
      document(text, {
        ana: {
          status: 'done',
          spans: [
            [0, 14, 'ACTOR'],
            [4, 9, 'LOCATION'],
          ],
        },
        bo: { status: 'done', spans: [[0, 14, 'ACTOR']] },
      }),
    ]);
    // Ana: ACTOR LOCATION ACTOR O; Bo: ACTOR ACTOR ACTOR O. The only disagreement is "Iraqi": LOCATION vs ACTOR.
    expect(summary.token.pairs[0]!.confusion).toEqual([
      [1, 0, 0],
      [0, 2, 0],
      [0, 1, 0],
    ]);
    expect(summary.perDocument[0]!.token.labels).toEqual([
      { label: 'ACTOR', disagreeingTokens: 0 },
      { label: 'LOCATION', disagreeingTokens: 1 },
    ]);
  });

  it('labels a token a span only partly covers, and breaks ties by start, then label', () => {
    // With the pattern \S+, "Tower-22" is one token; a span over "22" alone labels it.
    const text = 'near Tower-22 base';
    const summary = summarize(
      [
        document(text, {
          ana: { status: 'done', spans: [[11, 13, 'LOCATION']] },
          // Two spans of the same length cover "Tower-22": the earlier start (ACTOR at 5) wins.
          bo: {
            status: 'done',
            spans: [
              [5, 9, 'ACTOR'],
              [8, 12, 'LOCATION'],
            ],
          },
        }),
      ],
      { ...SETTINGS, tokenizer: { kind: 'regex', pattern: '\\S+' } },
    );
    expect(summary.token.tokens).toBe(3);
    expect(summary.token.pairs[0]!.confusion).toEqual([
      [2, 0, 0],
      [0, 0, 0],
      [0, 1, 0],
    ]);
    const tie = summarize(
      [
        document(text, {
          ana: {
            status: 'done',
            spans: [
              [5, 13, 'LOCATION'],
              [5, 13, 'ACTOR'],
            ],
          },
          bo: { status: 'done', spans: [[5, 13, 'ACTOR']] },
        }),
      ],
      { ...SETTINGS, tokenizer: { kind: 'regex', pattern: '\\S+' } },
    );
    // Same range: the label first in code-unit order (ACTOR) wins, so the two agree.
    expect(value(tie.token.pairs[0]!.observedAgreement)).toBe(1);
  });
});

describe('drill-down detail', () => {
  it('names the spans behind each count and the disagreeing tokens in code points', () => {
    // An emoji (two UTF-16 units, one code point) first, so UTF-16 and code points differ.
    const text = '😀 Militants attacked Tower 22 in Jordan.';
    const shift = (spec: SpanSpec): SpanSpec => [spec[0] + 2, spec[1] + 2, spec[2], spec[3]];
    const accumulator = new AgreementAccumulator(SETTINGS);
    const doc = document(text, {
      ana: { status: 'done', spans: [ACTOR, TOWER_22, JORDAN_COUNTRY].map(shift) },
      bo: { status: 'done', spans: [ACTOR, TOWER, JORDAN_ADMIN1].map(shift) },
      cy: { status: 'done' },
    });
    const { detail } = accumulator.add(doc, { detail: true });
    expect(detail!.countedAnnotators).toEqual(['ana', 'bo', 'cy']);
    const anaBo = pair(detail!.pairs, 'ana', 'bo');
    expect(anaBo.exact.matched).toEqual([
      { a: 'ana-2-11-ACTOR', b: 'bo-2-11-ACTOR', label: 'ACTOR' },
      { a: 'ana-33-39-LOCATION', b: 'bo-33-39-LOCATION', label: 'LOCATION' },
    ]);
    expect(anaBo.exact.onlyA).toEqual(['ana-21-29-LOCATION']);
    expect(anaBo.exact.onlyB).toEqual(['bo-21-26-LOCATION']);
    expect(anaBo.overlap.matched).toHaveLength(3);
    expect(anaBo.attributeDisagreements).toEqual([
      { a: 'ana-33-39-LOCATION', b: 'bo-33-39-LOCATION', label: 'LOCATION', attribute: 'granularity', aValue: 'country', bValue: 'admin1' },
    ]);
    expect(pair(detail!.pairs, 'ana', 'cy').labelConfusions).toEqual([
      { a: 'ana-2-11-ACTOR', b: null, aLabel: 'ACTOR', bLabel: 'none' },
      { a: 'ana-21-29-LOCATION', b: null, aLabel: 'LOCATION', bLabel: 'none' },
      { a: 'ana-33-39-LOCATION', b: null, aLabel: 'LOCATION', bLabel: 'none' },
    ]);
    // Runs of disagreeing tokens, in code points: [...text].slice(start, end) is the run.
    const slice = (start: number, end: number) => [...text].slice(start, end).join('');
    expect(detail!.tokenDisagreements.map((run) => [slice(run.start, run.end), ...run.labels])).toEqual([
      ['Militants', 'ACTOR', 'ACTOR', 'O'],
      ['Tower', 'LOCATION', 'LOCATION', 'O'],
      ['22', 'LOCATION', 'O', 'O'],
      ['Jordan', 'LOCATION', 'LOCATION', 'O'],
    ]);
    // The detail's row is the row the summary keeps.
    expect(accumulator.finish().perDocument[0]).toEqual(detail!.row);
  });
});

describe('one accumulator over many documents', () => {
  it('gives each document the row it has alone, whatever came before (buffers are reused)', () => {
    const long = document(`${TEXT} ${'More words follow here. '.repeat(40)}`, {
      ana: {
        status: 'done',
        spans: [
          [0, 9, 'ACTOR'],
          [200, 210, 'LOCATION'],
        ],
      },
      bo: { status: 'done', spans: [[0, 9, 'LOCATION']] },
      cy: { status: 'done', spans: [[100, 120, 'ACTOR']] },
    });
    const short = handWorked();
    const together = new AgreementAccumulator(SETTINGS);
    together.add(long);
    together.add(short);
    const alone = new AgreementAccumulator(SETTINGS);
    alone.add(short);
    expect(together.finish().perDocument[1]).toEqual(alone.finish().perDocument[0]);
  });
});

describe('properties', () => {
  const spanSpecs = fc.array(
    fc.record({ start: fc.integer({ min: 0, max: 30 }), length: fc.integer({ min: 1, max: 8 }), label: fc.constantFrom('ACTOR', 'LOCATION') }),
    { maxLength: 5 },
  );
  const text = 'Rockets hit a base near Erbil in the north of Iraq on Friday.';
  const toSpecs = (list: { start: number; length: number; label: string }[]): SpanSpec[] =>
    list.map(({ start, length, label }) => [start, Math.min(text.length, start + length), label]);

  it('gives kappa, alpha and F1 of 1 (when defined) to identical annotations', () => {
    fc.assert(
      fc.property(spanSpecs, (list) => {
        const spans = toSpecs(list);
        const summary = summarize([document(text, { ana: { status: 'done', spans }, bo: { status: 'done', spans }, cy: { status: 'done', spans } })]);
        for (const figure of [
          summary.token.alpha,
          summary.token.fleiss.kappa,
          ...summary.token.pairs.map((p) => p.kappa),
          summary.span.exact.f1,
          summary.span.overlap.f1,
        ]) {
          if ('value' in figure) expect(figure.value).toBeCloseTo(1, 12);
        }
        if (spans.length > 0) expect(value(summary.span.exact.f1)).toBe(1);
      }),
      { numRuns: 150 },
    );
  });

  it('is symmetric in the order of the annotators, and overlap F1 is never below exact F1', () => {
    fc.assert(
      fc.property(spanSpecs, spanSpecs, spanSpecs, (x, y, z) => {
        const doc = document(text, {
          ana: { status: 'done', spans: toSpecs(x) },
          bo: { status: 'done', spans: toSpecs(y) },
          cy: { status: 'done', spans: toSpecs(z) },
        });
        const forward = summarize([doc]);
        const backward = summarize([doc], { ...SETTINGS, annotators: [...ANNOTATORS].reverse() });
        const same = (f: Figure, g: Figure) => ('value' in f && 'value' in g ? expect(f.value).toBeCloseTo(g.value, 12) : expect(reason(f)).toBe(reason(g)));
        same(forward.token.alpha, backward.token.alpha);
        same(forward.token.fleiss.kappa, backward.token.fleiss.kappa);
        same(forward.span.exact.f1, backward.span.exact.f1);
        same(forward.span.overlap.f1, backward.span.overlap.f1);
        same(pair(forward.token.pairs, 'ana', 'bo').kappa, pair(backward.token.pairs, 'bo', 'ana').kappa);
        expect(forward.span.overlap.matched).toBeGreaterThanOrEqual(forward.span.exact.matched);
        // The confusion matrix accounts for every span exactly once per pair.
        for (const p of forward.span.pairs) {
          const rows = p.confusion.map((row) => row.reduce((s, c) => s + c, 0));
          const columns = p.confusion[0]!.map((_, c) => p.confusion.reduce((s, row) => s + row[c]!, 0));
          expect(rows.slice(0, -1).reduce((s, c) => s + c, 0)).toBe(p.exact.aSpans);
          expect(columns.slice(0, -1).reduce((s, c) => s + c, 0)).toBe(p.exact.bSpans);
          expect(p.confusion[0]![0]! + p.confusion[1]![1]!).toBe(p.overlap.matched);
        }
      }),
      { numRuns: 150 },
    );
  });
});
