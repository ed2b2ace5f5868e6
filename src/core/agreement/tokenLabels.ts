import type { OffsetMap } from '../../shared/text/offsetMap';
import { TokenBuffer } from '../../shared/text/tokenBuffer';
import type { AgreementSpan } from './types';

/** One annotator's reading of every token of a document. */
export type TokenReading = {
  /** The category of each token: the covering span's, 0 (`O`) when none covers it. */
  readonly categories: Uint16Array;
  /** presence[token × labels + (category − 1)] = 1 when any span of that label covers the token. */
  readonly presence: Uint8Array;
};

/**
 * The token buffers of one document, reused from document to document so that a corpus run
 * makes no per-token objects and its memory does not grow: the tokens, which tokens any counted
 * annotator's span covers, and each counted annotator's reading.
 */
export class TokenWorkspace {
  readonly tokens = new TokenBuffer();
  covered = new Uint8Array(0);
  /** presentCount[token × labels + (category − 1)]: how many annotators have that label on the token. */
  presentCount = new Uint16Array(0);
  readonly readings: TokenReading[] = [];
  private categoryStore: Uint16Array[] = [];
  private presenceStore: Uint8Array[] = [];
  private winner = new Int32Array(0);

  /** Sizes and clears the buffers for the tokens now in `tokens`, read by `annotators` annotators. */
  reset(annotators: number, labelCount: number): void {
    const count = this.tokens.length;
    if (this.covered.length < count) {
      this.covered = new Uint8Array(count * 2);
      this.winner = new Int32Array(count * 2);
      this.categoryStore = [];
      this.presenceStore = [];
    }
    this.covered.fill(0, 0, count);
    if (this.presentCount.length < count * labelCount) this.presentCount = new Uint16Array(this.covered.length * labelCount);
    this.presentCount.fill(0, 0, count * labelCount);
    this.readings.length = 0;
    for (let slot = 0; slot < annotators; slot++) {
      if (!this.categoryStore[slot] || this.presenceStore[slot]!.length < count * labelCount) {
        this.categoryStore[slot] = new Uint16Array(this.covered.length);
        this.presenceStore[slot] = new Uint8Array(this.covered.length * labelCount);
      }
      const categories = this.categoryStore[slot]!.subarray(0, count);
      const presence = this.presenceStore[slot]!.subarray(0, count * labelCount);
      categories.fill(0);
      presence.fill(0);
      this.readings.push({ categories, presence });
    }
  }

  /**
   * Labels the tokens from one annotator's spans (code points; `offsets` converts them to the
   * tokens' UTF-16) into `readings[slot]`. A span covers a token when they share at least one
   * character, so a span that cuts a token (possible with a user pattern) still labels it. When
   * several spans cover a token, the innermost wins: the shortest (in code points), then the one
   * starting earlier, then the label first in code-unit order. Presence records every label
   * covering the token, nested or not. Marks covered tokens. `spanCategories[i]` is the category
   * (1-based) of `spans[i]`'s label.
   */
  read(slot: number, spans: readonly AgreementSpan[], spanCategories: ArrayLike<number>, offsets: OffsetMap, labelCount: number): void {
    const { starts, ends, length } = this.tokens;
    const { categories, presence } = this.readings[slot]!;
    const winner = this.winner;
    const identity = offsets.isBmpOnly;
    winner.fill(-1, 0, length);
    spans.forEach((span, index) => {
      const start16 = identity ? span.start : offsets.toUtf16(span.start);
      const end16 = identity ? span.end : offsets.toUtf16(span.end);
      const category = spanCategories[index]!;
      for (let t = firstTokenEndingAfter(ends, length, start16); t < length && starts[t]! < end16; t++) {
        this.covered[t] = 1;
        const cell = t * labelCount + category - 1;
        if (!presence[cell]) {
          presence[cell] = 1;
          this.presentCount[cell]!++;
        }
        const current = winner[t]!;
        if (current < 0 || isInner(span, spans[current]!)) winner[t] = index;
      }
    });
    for (let t = 0; t < length; t++) {
      const index = winner[t]!;
      if (index >= 0) categories[t] = spanCategories[index]!;
    }
  }
}

/** Whether span x wins a token over span y. */
function isInner(x: AgreementSpan, y: AgreementSpan): boolean {
  const xLength = x.end - x.start;
  const yLength = y.end - y.start;
  if (xLength !== yLength) return xLength < yLength;
  if (x.start !== y.start) return x.start < y.start;
  return x.label < y.label;
}

/** Index of the first token whose end is after `offset` (tokens are in order and do not overlap). */
function firstTokenEndingAfter(ends: Int32Array, length: number, offset: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ends[mid]! <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}
