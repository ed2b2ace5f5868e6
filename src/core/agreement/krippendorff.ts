import { defined, type Figure, undefinedFigure } from './figure';

export type AlphaResult = {
  /** Units with two or more values (the others cannot be paired and are left out). */
  units: number;
  /** n: the number of pairable values. */
  pairableValues: number;
  /** Values per category among the pairable values (n_c). */
  valueCounts: number[];
  observedAgreement: Figure;
  expectedAgreement: Figure;
  alpha: Figure;
};

/** A {@link NominalAlpha}'s counts as plain data (units, Σ agreeing pairs by m_u, n_c). */
export type AlphaState = { units: number; agreeingPairs: [number, number][]; totals: Float64Array };

/**
 * Krippendorff's alpha for nominal data with missing values (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability"), accumulated unit by unit. A unit with m_u ≥ 2 values adds
 * n_uc n_uk / (m_u − 1) (c ≠ k) or n_uc (n_uc − 1) / (m_u − 1) (c = k) to the coincidence matrix;
 * with n_c its marginal sums and n = Σ n_c,
 * α = 1 − (n − 1) (n − Σ_c o_cc) / (n² − Σ_c n_c²).
 * Only Σ_c o_cc and n_c are needed, so the unit sums are kept per m_u as integers and divided once.
 * Undefined when no unit is pairable, or when every pairable value is the same category
 * (expected disagreement 0: nothing varies, so reliability cannot be measured).
 */
export class NominalAlpha {
  private units = 0;
  /** Index m_u → Σ over units with m_u values of Σ_c n_uc (n_uc − 1); integers. */
  private readonly agreeingPairs: number[] = [];
  private readonly totals: Float64Array;

  constructor(
    readonly categories: readonly string[],
    readonly unitName = 'unit',
  ) {
    this.totals = new Float64Array(categories.length);
  }

  /** Adds `times` units whose values number `counts[c]` in category c. Units with fewer than two values are not pairable and are ignored. */
  addUnit(counts: ArrayLike<number>, times = 1): void {
    let m = 0;
    let pairs = 0;
    for (let c = 0; c < this.categories.length; c++) {
      const count = counts[c] ?? 0;
      m += count;
      pairs += count * (count - 1);
    }
    if (m < 2) return;
    for (let c = 0; c < this.categories.length; c++) this.totals[c]! += (counts[c] ?? 0) * times;
    this.units += times;
    this.agreeingPairs[m] = (this.agreeingPairs[m] ?? 0) + pairs * times;
  }

  /** Adds `times` units whose m values are all `category`. */
  addUnanimous(category: number, m: number, times: number): void {
    if (m < 2 || times === 0) return;
    this.totals[category]! += m * times;
    this.units += times;
    this.agreeingPairs[m] = (this.agreeingPairs[m] ?? 0) + m * (m - 1) * times;
  }

  merge(other: NominalAlpha): void {
    this.units += other.units;
    other.agreeingPairs.forEach((pairs, m) => {
      this.agreeingPairs[m] = (this.agreeingPairs[m] ?? 0) + pairs;
    });
    for (let c = 0; c < this.totals.length; c++) this.totals[c]! += other.totals[c]!;
  }

  /** The counts as plain data, to cross between threads; {@link mergeState} adds them to another accumulator. */
  state(): AlphaState {
    const agreeingPairs: [number, number][] = [];
    this.agreeingPairs.forEach((pairs, m) => agreeingPairs.push([m, pairs]));
    return { units: this.units, agreeingPairs, totals: this.totals.slice() };
  }

  /** Adds counts taken with {@link state} over the same categories. */
  mergeState(state: AlphaState): void {
    this.units += state.units;
    for (const [m, pairs] of state.agreeingPairs) this.agreeingPairs[m] = (this.agreeingPairs[m] ?? 0) + pairs;
    for (let c = 0; c < this.totals.length; c++) this.totals[c]! += state.totals[c]!;
  }

  result(): AlphaResult {
    let n = 0;
    let squares = 0;
    for (const total of this.totals) {
      n += total;
      squares += total * total;
    }
    const valueCounts = Array.from(this.totals);
    if (n === 0) {
      const reason = `nothing to compare: no ${this.unitName} has values from two or more annotators`;
      return {
        units: 0,
        pairableValues: 0,
        valueCounts,
        observedAgreement: undefinedFigure(reason),
        expectedAgreement: undefinedFigure(reason),
        alpha: undefinedFigure(reason),
      };
    }
    let diagonal = 0;
    this.agreeingPairs.forEach((pairs, m) => {
      diagonal += pairs / (m - 1);
    });
    let expectedPairs = 0;
    for (const total of this.totals) expectedPairs += total * (total - 1);
    const observedAgreement = defined(diagonal / n);
    const expectedAgreement = defined(expectedPairs / (n * (n - 1)));
    if (squares === n * n) {
      const only = this.categories[this.totals.findIndex((total) => total > 0)] ?? '?';
      return {
        units: this.units,
        pairableValues: n,
        valueCounts,
        observedAgreement,
        expectedAgreement,
        alpha: undefinedFigure(`only one category occurs: all ${n} pairable values are "${only}", so there is no variation to agree on`),
      };
    }
    return {
      units: this.units,
      pairableValues: n,
      valueCounts,
      observedAgreement,
      expectedAgreement,
      alpha: defined(1 - ((n - 1) * (n - diagonal)) / (n * n - squares)),
    };
  }
}

/**
 * Nominal alpha of a reliability-data matrix: one row per coder, one column per unit, null or
 * undefined where a coder gave no value (Krippendorff's layout).
 */
export function krippendorffAlphaNominal<T extends string | number>(data: readonly (readonly (T | null | undefined)[])[]): AlphaResult {
  const values = data.flat().filter((value): value is T => value !== null && value !== undefined);
  const categories = [...new Set(values)].sort();
  const index = new Map(categories.map((category, i) => [category, i]));
  const alpha = new NominalAlpha(categories.map(String));
  const unitCount = Math.max(0, ...data.map((row) => row.length));
  const counts = new Array<number>(categories.length);
  for (let unit = 0; unit < unitCount; unit++) {
    counts.fill(0);
    for (const row of data) {
      const value = row[unit];
      if (value !== null && value !== undefined) counts[index.get(value)!]! += 1;
    }
    alpha.addUnit(counts);
  }
  return alpha.result();
}
