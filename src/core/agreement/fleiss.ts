import { defined, type Figure, undefinedFigure } from './figure';

/** A {@link FleissTable}'s counts as plain data. */
export type FleissState = { subjects: number; sumOfSquares: number; totals: Float64Array };

export type FleissResult = { subjects: number; observedAgreement: Figure; expectedAgreement: Figure; kappa: Figure };

/**
 * Fleiss' kappa (Fleiss 1971) for a fixed number m of raters per subject, accumulated one subject
 * (or a run of identical subjects) at a time:
 * P_i = (Σ_j n_ij² − m) / (m (m − 1)), P̄ = mean of P_i, p_j = Σ_i n_ij / (N m), P̄_e = Σ_j p_j²,
 * κ = (P̄ − P̄_e) / (1 − P̄_e). Undefined with fewer than two raters, with no subject, or when
 * P̄_e = 1 (every rating is the same category).
 */
export class FleissTable {
  private subjects = 0;
  /** Σ_i Σ_j n_ij², an integer. */
  private sumOfSquares = 0;
  private readonly totals: Float64Array;

  constructor(
    readonly categories: readonly string[],
    readonly raters: number,
    readonly subjectsName = 'subjects rated by every rater',
  ) {
    this.totals = new Float64Array(categories.length);
  }

  /** Adds `times` subjects, each with `counts[j]` raters choosing category j (summing to the number of raters). */
  addSubject(counts: ArrayLike<number>, times = 1): void {
    let sum = 0;
    let squares = 0;
    for (let j = 0; j < this.categories.length; j++) {
      const count = counts[j] ?? 0;
      sum += count;
      squares += count * count;
      this.totals[j]! += count * times;
    }
    if (sum !== this.raters) throw new RangeError(`a subject has ${sum} ratings; Fleiss' kappa needs exactly ${this.raters}`);
    this.subjects += times;
    this.sumOfSquares += squares * times;
  }

  /** Adds `times` subjects on which every rater chose `category`. */
  addUnanimous(category: number, times: number): void {
    this.subjects += times;
    this.sumOfSquares += this.raters * this.raters * times;
    this.totals[category]! += this.raters * times;
  }

  /** The counts as plain data, to cross between threads; {@link mergeState} adds them to another table. */
  state(): FleissState {
    return { subjects: this.subjects, sumOfSquares: this.sumOfSquares, totals: this.totals.slice() };
  }

  /** Adds counts taken with {@link state} (or another table's) over the same categories and raters. */
  mergeState(other: FleissState): void {
    this.subjects += other.subjects;
    this.sumOfSquares += other.sumOfSquares;
    for (let j = 0; j < this.totals.length; j++) this.totals[j]! += other.totals[j]!;
  }

  merge(other: FleissTable): void {
    this.subjects += other.subjects;
    this.sumOfSquares += other.sumOfSquares;
    for (let j = 0; j < this.totals.length; j++) this.totals[j]! += other.totals[j]!;
  }

  result(): FleissResult {
    const m = this.raters;
    const n = this.subjects;
    if (m < 2) {
      const reason = `Fleiss' kappa needs at least two annotators (${m} selected)`;
      return { subjects: n, observedAgreement: undefinedFigure(reason), expectedAgreement: undefinedFigure(reason), kappa: undefinedFigure(reason) };
    }
    if (n === 0) {
      const reason = `nothing to compare: there are no ${this.subjectsName}`;
      return { subjects: 0, observedAgreement: undefinedFigure(reason), expectedAgreement: undefinedFigure(reason), kappa: undefinedFigure(reason) };
    }
    const ratings = n * m;
    let totalSquares = 0;
    for (const total of this.totals) totalSquares += total * total;
    const observed = (this.sumOfSquares - ratings) / (ratings * (m - 1));
    const expected = totalSquares / (ratings * ratings);
    const observedAgreement = defined(observed);
    const expectedAgreement = defined(expected);
    if (totalSquares === ratings * ratings) {
      const only = this.categories[this.totals.findIndex((total) => total > 0)] ?? '?';
      return { subjects: n, observedAgreement, expectedAgreement, kappa: undefinedFigure(`chance agreement is certain: every rating is "${only}"`) };
    }
    return { subjects: n, observedAgreement, expectedAgreement, kappa: defined((observed - expected) / (1 - expected)) };
  }
}

/** Fleiss' kappa of a subjects × categories table of counts (each row sums to the number of raters). */
export function fleissKappa(table: readonly (readonly number[])[], categories?: readonly string[]): FleissResult {
  const width = table[0]?.length ?? 0;
  const raters = table[0]?.reduce((sum, count) => sum + count, 0) ?? 0;
  const fleiss = new FleissTable(categories ?? Array.from({ length: width }, (_, j) => String(j + 1)), raters);
  for (const row of table) fleiss.addSubject(row);
  return fleiss.result();
}
