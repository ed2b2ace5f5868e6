/**
 * The project tokenizer: one definition of a token for exports (spaCy, Hugging Face, CoNLL),
 * agreement and suggestions, so a token means the same thing everywhere.
 *
 * A token is a word-like segment of Unicode word segmentation (UAX #29 via `Intl.Segmenter`:
 * "25,105", "Kata'ib", "كَتَبَ" stay whole), or a single grapheme cluster of anything else that is
 * not whitespace (punctuation and symbols, one per token: "(CENTCOM)" is "(", "CENTCOM", ")").
 * Offsets are UTF-16, like the strings they index; convert with OffsetMap at the boundary.
 */

import { isLatinSimpleText, latinWordTokens, latinWordTokensInto } from './latinWordTokens';
import type { TokenBuffer } from './tokenBuffer';

/** A token: its UTF-16 range in the text. */
export type Token = { start: number; end: number };

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const ONLY_WHITESPACE = /^\s+$/u;
const LINE_BREAK = /\r\n|\r|\n/g;

/** Splits a text into tokens, in order. */
export function tokenize(text: string): Token[] {
  // Same tokens, without the cost of Intl.Segmenter, for texts in Latin script (see latinWordTokens.ts).
  return isLatinSimpleText(text) ? latinWordTokens(text) : tokenizeWithSegmenter(text);
}

/** As tokenize, into a reusable buffer (cleared first): no object per token on the fast path. */
export function tokenizeInto(text: string, tokens: TokenBuffer): void {
  if (isLatinSimpleText(text)) latinWordTokensInto(text, tokens);
  else tokens.fill(tokenizeWithSegmenter(text));
}

/** The tokenizer by its definition: `Intl.Segmenter` word segments, then grapheme clusters of the rest. */
export function tokenizeWithSegmenter(text: string): Token[] {
  const tokens: Token[] = [];
  for (const segment of wordSegmenter.segment(text)) {
    if (segment.isWordLike) {
      tokens.push({ start: segment.index, end: segment.index + segment.segment.length });
      continue;
    }
    if (ONLY_WHITESPACE.test(segment.segment)) continue;
    for (const grapheme of graphemeSegmenter.segment(segment.segment)) {
      if (ONLY_WHITESPACE.test(grapheme.segment)) continue;
      const start = segment.index + grapheme.index;
      tokens.push({ start, end: start + grapheme.segment.length });
    }
  }
  return tokens;
}

/**
 * Sentence ranges (UTF-16), never crossing a line break: a paragraph always ends a sentence,
 * which keeps headlines apart from the first sentence of the body. Whitespace at the edges is
 * not part of a sentence; empty lines give no sentence.
 */
export function sentenceRanges(text: string): Token[] {
  const sentences: Token[] = [];
  let lineStart = 0;
  const addLine = (from: number, to: number) => {
    const line = text.slice(from, to);
    for (const sentence of sentenceSegmenter.segment(line)) {
      const leading = sentence.segment.length - sentence.segment.trimStart().length;
      const body = sentence.segment.trim();
      if (body === '') continue;
      const start = from + sentence.index + leading;
      sentences.push({ start, end: start + body.length });
    }
  };
  for (const match of text.matchAll(LINE_BREAK)) {
    addLine(lineStart, match.index);
    lineStart = match.index + match[0].length;
  }
  addLine(lineStart, text.length);
  return sentences;
}
