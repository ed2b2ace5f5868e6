import { defined, type Figure, undefinedFigure } from './figure';

/** Cohen's kappa with its parts; every figure undefined when there is nothing to compare. */
export type CohenResult = { items: number; observedAgreement: Figure; expectedAgreement: Figure; kappa: Figure };

/**
 * Cohen's kappa (Cohen 1960) for two annotators over items both rated, accumulated as a
 * contingency table so that documents can be added one at a time:
 * p_o = Σ_k n_kk / n, p_e = Σ_k (n_k. / n)(n_.k / n), κ = (p_o − p_e) / (1 − p_e).
 * Undefined when no item was rated by both, or when p_e = 1 (both used one and the same
 * category throughout, so agreement is certain by chance and κ is 0/0).
 */
export class CohenTable {
  /** Row-major counts: row = a's category, column = b's. */
  readonly counts: Float64Array;

  /**
   * @param categories names of the categories, for the reasons a reader sees
   * @param items what the items are, for the reasons ("tokens both annotators annotated")
   */
  constructor(
    readonly categories: readonly string[],
    readonly items = 'items rated by both',
  ) {
    this.counts = new Float64Array(categories.length * categories.length);
  }

  /** Counts `times` items that a put in category `a` and b in category `b`. */
  add(a: number, b: number, times = 1): void {
    this.counts[a * this.categories.length + b]! += times;
  }

  /** Adds another table (or its counts, which cross between threads as they are) over the same categories. */
  merge(other: { readonly counts: Float64Array }): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i]!;
  }

  get total(): number {
    let total = 0;
    for (const count of this.counts) total += count;
    return total;
  }

  /** The table as rows of counts. */
  matrix(): number[][] {
    const k = this.categories.length;
    return Array.from({ length: k }, (_, row) => Array.from(this.counts.subarray(row * k, (row + 1) * k)));
  }

  result(): CohenResult {
    const k = this.categories.length;
    const n = this.total;
    if (n === 0) {
      const reason = `nothing to compare: there are no ${this.items}`;
      return { items: 0, observedAgreement: undefinedFigure(reason), expectedAgreement: undefinedFigure(reason), kappa: undefinedFigure(reason) };
    }
    let diagonal = 0;
    // Σ_k row_k · column_k, an integer, so p_e = 1 is recognised exactly.
    let marginProducts = 0;
    for (let c = 0; c < k; c++) {
      diagonal += this.counts[c * k + c]!;
      let row = 0;
      let column = 0;
      for (let j = 0; j < k; j++) {
        row += this.counts[c * k + j]!;
        column += this.counts[j * k + c]!;
      }
      marginProducts += row * column;
    }
    const observedAgreement = defined(diagonal / n);
    const expectedAgreement = defined(marginProducts / (n * n));
    if (marginProducts === n * n) {
      const only = this.categories[this.onlyCategory()] ?? '?';
      return {
        items: n,
        observedAgreement,
        expectedAgreement,
        kappa: undefinedFigure(`chance agreement is certain: both annotators used only "${only}" on all ${n} ${this.items}`),
      };
    }
    return { items: n, observedAgreement, expectedAgreement, kappa: defined((n * diagonal - marginProducts) / (n * n - marginProducts)) };
  }

  private onlyCategory(): number {
    const k = this.categories.length;
    for (let c = 0; c < k; c++) if (this.counts[c * k + c]! > 0) return c;
    return -1;
  }
}

/** Cohen's kappa of two parallel lists of ratings (null or undefined: not rated, the item is skipped). */
export function cohensKappa<T extends string | number>(a: readonly (T | null | undefined)[], b: readonly (T | null | undefined)[]): CohenResult {
  if (a.length !== b.length) throw new RangeError(`the two lists of ratings differ in length (${a.length} and ${b.length})`);
  const categories = [...new Set([...a, ...b].filter((value): value is T => value !== null && value !== undefined))].sort();
  const index = new Map(categories.map((category, i) => [category, i]));
  const table = new CohenTable(categories.map(String));
  a.forEach((value, i) => {
    const other = b[i];
    if (value !== null && value !== undefined && other !== null && other !== undefined) table.add(index.get(value)!, index.get(other)!);
  });
  return table.result();
}
