import type { Token } from '../../shared/text/tokenize';

/** A span placed on the tokens: UTF-16 range for the tokens, code-point range and label for the tie rules. */
export type PlacedSpan = {
  readonly start16: number;
  readonly end16: number;
  readonly start: number;
  readonly end: number;
  readonly label: string;
  /** 1-based category (0 is `O`). */
  readonly category: number;
};

/** One annotator's reading of every token of a document. */
export type TokenReading = {
  /** The category of each token: the covering span's, 0 (`O`) when none covers it. */
  readonly categories: Uint16Array;
  /** presence[token × labels + (category − 1)] = 1 when any span of that label covers the token. */
  readonly presence: Uint8Array;
};

/**
 * Labels the tokens from one annotator's spans. A span covers a token when they share at least
 * one character, so a span that cuts a token (possible with a user pattern) still labels it.
 * When several spans cover a token, the innermost wins: the shortest (in code points), then the
 * one starting earlier, then the label first in code-unit order. Presence records every label
 * covering the token, nested or not. Marks each covered token in `covered`.
 */
export function readTokens(tokens: readonly Token[], spans: readonly PlacedSpan[], labelCount: number, covered: Uint8Array): TokenReading {
  const categories = new Uint16Array(tokens.length);
  const presence = new Uint8Array(tokens.length * labelCount);
  const winner = new Int32Array(tokens.length).fill(-1);
  spans.forEach((span, index) => {
    for (let t = firstTokenEndingAfter(tokens, span.start16); t < tokens.length && tokens[t]!.start < span.end16; t++) {
      covered[t] = 1;
      presence[t * labelCount + span.category - 1] = 1;
      const current = winner[t]!;
      if (current < 0 || isInner(span, spans[current]!)) winner[t] = index;
    }
  });
  for (let t = 0; t < tokens.length; t++) {
    const index = winner[t]!;
    if (index >= 0) categories[t] = spans[index]!.category;
  }
  return { categories, presence };
}

/** Whether span x wins a token over span y. */
function isInner(x: PlacedSpan, y: PlacedSpan): boolean {
  const xLength = x.end - x.start;
  const yLength = y.end - y.start;
  if (xLength !== yLength) return xLength < yLength;
  if (x.start !== y.start) return x.start < y.start;
  return x.label < y.label;
}

/** Index of the first token whose end is after `offset` (tokens are in order and do not overlap). */
function firstTokenEndingAfter(tokens: readonly Token[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (tokens[mid]!.end <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}
