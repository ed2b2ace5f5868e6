import { describe, expect, it } from 'vitest';
import type { DocumentRow } from '../../shared/contract/methods/agreement';
import { describeFocus, drillDown } from './drillDown';

type Pair = DocumentRow['pairs'][number];

const none = { undefined: true as const, reason: 'test' };
const pair = (a: string, b: string, fields: Partial<Pair>): Pair => ({
  a,
  b,
  tokens: 10,
  disagreeingTokens: 0,
  exactMatched: 0,
  overlapMatched: 0,
  aSpans: 0,
  bSpans: 0,
  attributeDisagreements: 0,
  labels: [],
  ...fields,
});
const row = (
  documentId: string,
  pairs: Pair[],
  token: { disagreeingTokens: number; labels?: { label: string; disagreeingTokens: number }[] },
  span: { exactUnmatched: number; attributeDisagreements: number },
): DocumentRow => ({
  documentId,
  title: documentId,
  tokens: 10,
  annotators: [],
  token: { alpha: none, observedAgreement: none, disagreeingTokens: token.disagreeingTokens, labels: token.labels ?? [] },
  span: { exactF1: none, overlapF1: none, exactUnmatched: span.exactUnmatched, overlapUnmatched: 0, attributeDisagreements: span.attributeDisagreements },
  pairs,
});

// Three documents worked out by hand. d1: Ana–Bo disagree on ACTOR (Ana 2 spans, Bo 1, one matched
// exactly and by overlap), Ana–Cy agree. d2: only Bo–Cy, a LOCATION matched by overlap only, with an
// attribute disagreement. d3: Ana–Bo, nothing marked at all (they agree on O everywhere).
const ROWS: DocumentRow[] = [
  row(
    'd1',
    [
      pair('ana', 'bo', {
        disagreeingTokens: 3,
        aSpans: 2,
        bSpans: 1,
        exactMatched: 1,
        overlapMatched: 1,
        labels: [{ label: 'ACTOR', aSpans: 2, bSpans: 1, exactMatched: 1, overlapMatched: 1 }],
      }),
      pair('ana', 'cy', {
        aSpans: 2,
        bSpans: 2,
        exactMatched: 2,
        overlapMatched: 2,
        labels: [{ label: 'ACTOR', aSpans: 2, bSpans: 2, exactMatched: 2, overlapMatched: 2 }],
      }),
    ],
    { disagreeingTokens: 3, labels: [{ label: 'ACTOR', disagreeingTokens: 3 }] },
    { exactUnmatched: 1, attributeDisagreements: 0 },
  ),
  row(
    'd2',
    [
      pair('bo', 'cy', {
        aSpans: 1,
        bSpans: 1,
        exactMatched: 0,
        overlapMatched: 1,
        attributeDisagreements: 1,
        labels: [{ label: 'LOCATION', aSpans: 1, bSpans: 1, exactMatched: 0, overlapMatched: 1 }],
      }),
    ],
    { disagreeingTokens: 1, labels: [{ label: 'LOCATION', disagreeingTokens: 1 }] },
    { exactUnmatched: 2, attributeDisagreements: 1 },
  ),
  row('d3', [pair('ana', 'bo', {})], { disagreeingTokens: 0 }, { exactUnmatched: 0, attributeDisagreements: 0 }),
];

const ids = (rows: { documentId: string; disagreement: number }[]) => rows.map((entry) => [entry.documentId, entry.disagreement]);

describe('drillDown', () => {
  it('any: every compared document, by spans without an exact partner plus attribute disagreements', () => {
    expect(ids(drillDown(ROWS, { measure: 'any' }))).toEqual([
      ['d2', 3],
      ['d1', 1],
      ['d3', 0],
    ]);
  });

  it('a pair: only documents where both count, in either order of a and b', () => {
    expect(ids(drillDown(ROWS, { measure: 'tokens', a: 'bo', b: 'ana' }))).toEqual([
      ['d1', 3],
      ['d3', 0],
    ]);
    expect(ids(drillDown(ROWS, { measure: 'any', annotator: 'cy' }))).toEqual([
      ['d2', 3],
      ['d1', 0],
    ]);
  });

  it("a label's span F1: documents where some pair has spans of the label, by spans left without a partner", () => {
    expect(ids(drillDown(ROWS, { measure: 'exact', label: 'ACTOR' }))).toEqual([['d1', 1]]);
    expect(ids(drillDown(ROWS, { measure: 'overlap', label: 'LOCATION' }))).toEqual([['d2', 0]]);
    expect(ids(drillDown(ROWS, { measure: 'exact', label: 'WEAPON' }))).toEqual([]);
  });

  it('attributes: documents with matched spans, by attribute disagreements; token figures per label', () => {
    expect(ids(drillDown(ROWS, { measure: 'attributes' }))).toEqual([
      ['d2', 1],
      ['d1', 0],
    ]);
    expect(ids(drillDown(ROWS, { measure: 'tokens', label: 'LOCATION' }))).toEqual([['d2', 1]]);
  });

  it('names a focus in words', () => {
    const name = (id: string) => ({ ana: 'Ana', bo: 'Bo' })[id] ?? id;
    expect(describeFocus({ measure: 'exact', label: 'LOCATION', a: 'ana', b: 'bo' }, name)).toBe('LOCATION · exact span F1 · Ana–Bo');
    expect(describeFocus({ measure: 'any', annotator: 'bo' }, name)).toBe('all disagreements · pairs with Bo');
  });
});
