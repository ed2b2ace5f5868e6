import type { Figure } from '../../shared/contract/methods/agreement';

export type { Figure };

/** A defined figure; refuses NaN and infinities, which would mean a bug upstream. */
export function defined(value: number): Figure {
  if (!Number.isFinite(value)) throw new Error(`an agreement figure came out as ${value}`);
  return { value };
}

/** An undefined figure with the reason a reader sees. */
export function undefinedFigure(reason: string): Figure {
  return { undefined: true, reason };
}

/** numerator / denominator, or undefined with the reason when the denominator is 0. */
export function quotient(numerator: number, denominator: number, reasonWhenZero: string): Figure {
  return denominator === 0 ? undefinedFigure(reasonWhenZero) : defined(numerator / denominator);
}

/** The value of a figure, or null (for sorting and tests). */
export function valueOf(figure: Figure): number | null {
  return 'value' in figure ? figure.value : null;
}
