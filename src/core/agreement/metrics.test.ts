import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohenTable, cohensKappa } from './cohen';
import type { Figure } from './figure';
import { FleissTable, fleissKappa } from './fleiss';
import { krippendorffAlphaNominal, NominalAlpha } from './krippendorff';

const value = (figure: Figure) => {
  if (!('value' in figure)) throw new Error(`expected a value, got undefined: ${figure.reason}`);
  return figure.value;
};
/** Both undefined, or both defined and equal to 12 digits. */
const expectSameFigure = (x: Figure, y: Figure) => {
  if ('value' in x && 'value' in y) expect(x.value).toBeCloseTo(y.value, 12);
  else expect('undefined' in x && 'undefined' in y, `${JSON.stringify(x)} vs ${JSON.stringify(y)}`).toBe(true);
};
const reason = (figure: Figure) => ('reason' in figure ? figure.reason : `defined: ${figure.value}`);

describe("Cohen's kappa", () => {
  it('matches the textbook example: 50 grant proposals read by two readers (κ = 0.4)', () => {
    // Both yes: 20, A yes B no: 5, A no B yes: 10, both no: 15. p_o = 0.7, p_e = 0.5 × 0.6 + 0.5 × 0.4 = 0.5.
    const table = new CohenTable(['yes', 'no']);
    table.add(0, 0, 20);
    table.add(0, 1, 5);
    table.add(1, 0, 10);
    table.add(1, 1, 15);
    const result = table.result();
    expect(result.items).toBe(50);
    expect(value(result.observedAgreement)).toBeCloseTo(0.7, 12);
    expect(value(result.expectedAgreement)).toBeCloseTo(0.5, 12);
    expect(value(result.kappa)).toBeCloseTo(0.4, 12);
  });

  it('works from two lists, skipping items either did not rate', () => {
    // Hand-worked: items 1–4 rated by both; a = x x y y, b = x y y y: p_o = 3/4, p_e = (2/4)(1/4) + (2/4)(3/4) = 1/2, κ = 1/2.
    const result = cohensKappa(['x', 'x', 'y', 'y', 'x', null], ['x', 'y', 'y', 'y', null, 'y']);
    expect(result.items).toBe(4);
    expect(value(result.kappa)).toBeCloseTo(0.5, 12);
  });

  it('is undefined, with the reason, when nothing was rated by both', () => {
    const result = new CohenTable(['O', 'ACTOR'], 'tokens both annotators annotated').result();
    expect(result.items).toBe(0);
    expect(reason(result.kappa)).toBe('nothing to compare: there are no tokens both annotators annotated');
    expect(reason(result.observedAgreement)).toMatch(/nothing to compare/);
  });

  it('is undefined, not 1, when both used one and the same category throughout', () => {
    const table = new CohenTable(['O', 'ACTOR'], 'tokens');
    table.add(0, 0, 12);
    const result = table.result();
    expect(value(result.observedAgreement)).toBe(1);
    expect(value(result.expectedAgreement)).toBe(1);
    expect(reason(result.kappa)).toBe('chance agreement is certain: both annotators used only "O" on all 12 tokens');
  });

  it('is 1 for identical ratings whenever it is defined, and symmetric in the two annotators', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { maxLength: 60 }), (pairs) => {
        const a = pairs.map(([x]) => x);
        const b = pairs.map(([, y]) => y);
        const same = cohensKappa(a, a).kappa;
        if ('value' in same) expect(same.value).toBe(1);
        else expect(new Set(a).size).toBeLessThanOrEqual(1);
        expectSameFigure(cohensKappa(a, b).kappa, cohensKappa(b, a).kappa);
      }),
      { numRuns: 300 },
    );
  });
});

describe("Fleiss' kappa", () => {
  // Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, counts per diagnosis (depression,
  // personality disorder, schizophrenia, neurosis, other).
  const FLEISS_1971 = [
    [0, 0, 0, 6, 0],
    [0, 3, 0, 0, 3],
    [0, 1, 4, 0, 1],
    [0, 0, 0, 0, 6],
    [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0],
    [0, 0, 4, 0, 2],
    [2, 0, 3, 1, 0],
    [2, 0, 0, 4, 0],
    [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0],
    [1, 1, 0, 4, 0],
    [0, 3, 3, 0, 0],
    [1, 0, 0, 5, 0],
    [0, 2, 0, 3, 1],
    [0, 0, 5, 0, 1],
    [3, 0, 0, 1, 2],
    [5, 1, 0, 0, 0],
    [0, 2, 0, 4, 0],
    [1, 0, 2, 0, 3],
    [0, 0, 0, 0, 6],
    [0, 1, 0, 5, 0],
    [0, 2, 0, 1, 3],
    [2, 0, 0, 4, 0],
    [1, 0, 0, 4, 1],
    [0, 5, 0, 1, 0],
    [4, 0, 0, 0, 2],
    [0, 2, 0, 4, 0],
    [1, 0, 5, 0, 0],
    [0, 0, 0, 0, 6],
  ];

  it("matches Fleiss' 1971 worked example (P̄ = .556, P̄e = .220, κ = .430)", () => {
    const result = fleissKappa(FLEISS_1971);
    expect(result.subjects).toBe(30);
    expect(value(result.observedAgreement)).toBeCloseTo(0.556, 3);
    expect(value(result.expectedAgreement)).toBeCloseTo(0.22, 3);
    expect(value(result.kappa)).toBeCloseTo(0.43, 3);
    // The category proportions Fleiss prints: .144 .144 .167 .306 .239.
    const proportions = [0, 1, 2, 3, 4].map((j) => FLEISS_1971.reduce((sum, row) => sum + row[j]!, 0) / 180);
    expect(proportions.map((p) => p.toFixed(3))).toEqual(['0.144', '0.144', '0.167', '0.306', '0.239']);
  });

  it('counts runs of unanimous subjects like the same subjects added one by one', () => {
    const bulk = new FleissTable(['O', 'A'], 3);
    bulk.addUnanimous(0, 5);
    bulk.addSubject([1, 2]);
    const single = new FleissTable(['O', 'A'], 3);
    for (let i = 0; i < 5; i++) single.addSubject([3, 0]);
    single.addSubject([1, 2]);
    expect(bulk.result()).toEqual(single.result());
  });

  it('is undefined with fewer than two annotators, with no subject, and with one category only', () => {
    expect(reason(new FleissTable(['O'], 1).result().kappa)).toBe("Fleiss' kappa needs at least two annotators (1 selected)");
    expect(reason(new FleissTable(['O', 'A'], 3, 'tokens every annotator annotated').result().kappa)).toBe(
      'nothing to compare: there are no tokens every annotator annotated',
    );
    const single = new FleissTable(['O', 'A'], 3);
    single.addUnanimous(0, 10);
    expect(reason(single.result().kappa)).toBe('chance agreement is certain: every rating is "O"');
  });

  it('refuses a subject whose ratings do not add up to the number of raters', () => {
    expect(() => new FleissTable(['O', 'A'], 3).addSubject([1, 1])).toThrow(/needs exactly 3/);
  });
});

describe("Krippendorff's alpha (nominal)", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders × 12 units, missing values.
  const RELIABILITY_DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];

  it("matches Krippendorff's own example with missing values (α = 0.743)", () => {
    const result = krippendorffAlphaNominal(RELIABILITY_DATA);
    // Unit 12 has one value and cannot be paired: 11 units, 40 pairable values, n_c = 9 13 10 5 3.
    expect(result.units).toBe(11);
    expect(result.pairableValues).toBe(40);
    expect(result.valueCounts).toEqual([9, 13, 10, 5, 3]);
    expect(value(result.alpha)).toBeCloseTo(0.743, 3);
  });

  it('is the same whatever the order of the coders, and 1 for identical coders when defined', () => {
    const cell = fc.option(fc.integer({ min: 0, max: 3 }), { nil: null, freq: 4 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 8, maxLength: 8 }), { minLength: 2, maxLength: 5 }), fc.nat(), (rows, seed) => {
        const shuffled = [...rows].sort((x, y) => (JSON.stringify(x) + seed).localeCompare(JSON.stringify(y) + seed));
        const reversed = [...rows].reverse();
        const base = krippendorffAlphaNominal(rows);
        expectSameFigure(krippendorffAlphaNominal(shuffled).alpha, base.alpha);
        expectSameFigure(krippendorffAlphaNominal(reversed).alpha, base.alpha);
        const first = rows[0]!;
        const identical = krippendorffAlphaNominal([first, first, first]).alpha;
        if ('value' in identical) expect(identical.value).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('has the observed agreement of Fleiss (P̄) on complete data', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 6, maxLength: 6 }), { minLength: 2, maxLength: 4 }), (rows) => {
        const fleiss = new FleissTable(['0', '1', '2'], rows.length);
        for (let unit = 0; unit < 6; unit++) {
          const counts = [0, 0, 0];
          for (const row of rows) counts[row[unit]!]! += 1;
          fleiss.addSubject(counts);
        }
        const alpha = krippendorffAlphaNominal(rows);
        expectSameFigure(alpha.observedAgreement, fleiss.result().observedAgreement);
      }),
      { numRuns: 200 },
    );
  });

  it('is undefined when no unit has two values, and when only one category occurs', () => {
    expect(
      reason(
        krippendorffAlphaNominal([
          [1, null],
          [null, 2],
        ]).alpha,
      ),
    ).toBe('nothing to compare: no unit has values from two or more annotators');
    const constant = new NominalAlpha(['O', 'LOCATION'], 'token');
    constant.addUnanimous(0, 3, 100);
    expect(reason(constant.result().alpha)).toBe('only one category occurs: all 300 pairable values are "O", so there is no variation to agree on');
  });

  it('counts runs of unanimous units like the same units added one by one, and merges', () => {
    const bulk = new NominalAlpha(['O', 'A']);
    bulk.addUnanimous(0, 3, 4);
    bulk.addUnit([1, 1]);
    const other = new NominalAlpha(['O', 'A']);
    other.addUnit([0, 2]);
    bulk.merge(other);
    const single = new NominalAlpha(['O', 'A']);
    for (let i = 0; i < 4; i++) single.addUnit([3, 0]);
    single.addUnit([1, 1]);
    single.addUnit([0, 2]);
    single.addUnit([1, 0]); // one value: not pairable, ignored
    expect(bulk.result()).toEqual(single.result());
  });
});
