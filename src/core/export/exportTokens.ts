import { OffsetMap } from '../../shared/text/offsetMap';
import { sentenceRanges, tokenize } from '../../shared/text/tokenize';
import type { ExportSpan } from './exportTypes';

/** A token of the project tokenizer with its text and code-point offsets (end exclusive). */
export type ExportToken = { text: string; start: number; end: number };

/** A spaCy-style token: whitespace runs other than one space after a token are tokens too. */
export type SpacyToken = ExportToken & { id: number; ws: boolean };

// Characters Python's str.split() treats as whitespace that JavaScript's \s does not: a token made
// only of them would vanish (or split a line) in a CoNLL reader, so token formats leave them out.
// eslint-disable-next-line no-control-regex -- these control characters are exactly what is matched
const PYTHON_ONLY_WHITESPACE = /^[\u001c-\u001f\u0085]+$/;

/**
 * A document's tokens for the token formats (spaCy, Hugging Face, CoNLL), in code points, from
 * the project tokenizer (src/shared/text/tokenize.ts), with the lookups that say whether a span
 * starts and ends on token boundaries.
 */
export class DocumentTokens {
  readonly tokens: ExportToken[];
  private readonly byStart = new Map<number, number>();
  private readonly byEnd = new Map<number, number>();
  private readonly offsets: OffsetMap;

  constructor(readonly text: string) {
    this.offsets = new OffsetMap(text);
    const bmp = this.offsets.isBmpOnly;
    this.tokens = [];
    for (const token of tokenize(text)) {
      const value = text.slice(token.start, token.end);
      if (PYTHON_ONLY_WHITESPACE.test(value)) continue;
      const start = bmp ? token.start : this.offsets.toCodePoint(token.start);
      const end = bmp ? token.end : this.offsets.toCodePoint(token.end);
      this.byStart.set(start, this.tokens.length);
      this.byEnd.set(end, this.tokens.length);
      this.tokens.push({ text: value, start, end });
    }
  }

  /** The first and last token (inclusive) of a span, or null when it does not start and end on token boundaries. */
  tokenRange(span: { start: number; end: number }): { first: number; last: number } | null {
    const first = this.byStart.get(span.start);
    const last = this.byEnd.get(span.end);
    if (first === undefined || last === undefined || last < first) return null;
    return { first, last };
  }

  /**
   * Sentences as runs of token indices [first, last], from `sentenceRanges` (never across a line
   * break), except that a kept span never straddles two: sentences it crosses are joined, so
   * every entity stays whole in sentence-level formats.
   */
  sentences(keptSpans: { first: number; last: number }[]): { first: number; last: number }[] {
    if (this.tokens.length === 0) return [];
    const ranges = sentenceRanges(this.text).map((range) => (this.offsets.isBmpOnly ? range.start : this.offsets.toCodePoint(range.start)));
    // Sentence number of each token: the last sentence starting at or before the token.
    const sentenceOf: number[] = [];
    let current = 0;
    for (const token of this.tokens) {
      while (current + 1 < ranges.length && (ranges[current + 1] ?? Infinity) <= token.start) current++;
      sentenceOf.push(current);
    }
    const joined = new Uint8Array(this.tokens.length);
    for (const span of keptSpans) for (let index = span.first; index < span.last; index++) joined[index] = 1;
    const result: { first: number; last: number }[] = [];
    let first = 0;
    for (let index = 0; index < this.tokens.length - 1; index++) {
      if (sentenceOf[index] !== sentenceOf[index + 1] && joined[index] === 0) {
        result.push({ first, last: index });
        first = index + 1;
      }
    }
    result.push({ first, last: this.tokens.length - 1 });
    return result;
  }

  /**
   * spaCy's view of the text: the tokens, plus a token for each run of whitespace that is not a
   * single space right after a token (spaCy's own rule), so that joining each token's text and a
   * space where `ws` is true gives the text back exactly, and `Doc(vocab, words, spaces)` works.
   * Also answers, for each token index above, its index in this list.
   */
  spacyTokens(): { tokens: SpacyToken[]; indexOf: number[] } {
    const tokens: SpacyToken[] = [];
    const indexOf: number[] = [];
    const points = this.offsets;
    const sliceCp = (start: number, end: number) => (points.isBmpOnly ? this.text.slice(start, end) : points.sliceCodePoints(start, end));
    const gap = (from: number, to: number) => {
      if (to <= from) return;
      let start = from;
      const previous = tokens.at(-1);
      if (previous && !previous.ws && previous.end === from && sliceCp(from, from + 1) === ' ') {
        previous.ws = true;
        start = from + 1;
      }
      if (to > start) tokens.push({ text: sliceCp(start, to), start, end: to, id: tokens.length, ws: false });
    };
    let position = 0;
    for (const token of this.tokens) {
      gap(position, token.start);
      indexOf.push(tokens.length);
      tokens.push({ ...token, id: tokens.length, ws: false });
      position = token.end;
    }
    gap(position, points.codePointLength);
    return { tokens, indexOf };
  }
}

/**
 * Which spans a one-tag-per-token format can hold: those on token boundaries, without overlaps.
 * Overlaps are settled in a fixed order (earlier start, then longer, then label, then id), so the
 * same data always keeps the same spans.
 */
export function spansForTagging(
  tokens: DocumentTokens,
  spans: ExportSpan[],
): { kept: (ExportSpan & { first: number; last: number })[]; unaligned: ExportSpan[]; overlapping: ExportSpan[] } {
  const aligned: (ExportSpan & { first: number; last: number })[] = [];
  const unaligned: ExportSpan[] = [];
  for (const span of spans) {
    const range = tokens.tokenRange(span);
    if (range) aligned.push({ ...span, ...range });
    else unaligned.push(span);
  }
  aligned.sort(
    (a, b) => a.start - b.start || b.end - a.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const kept: (ExportSpan & { first: number; last: number })[] = [];
  const overlapping: ExportSpan[] = [];
  let reach = -1;
  for (const span of aligned) {
    if (span.start >= reach) {
      kept.push(span);
      reach = span.end;
    } else overlapping.push(span);
  }
  return { kept, unaligned, overlapping };
}
