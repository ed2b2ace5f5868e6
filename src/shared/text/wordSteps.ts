/**
 * Moves one edge of a span by one word token, for the editor's grow and shrink keys. Works on
 * UTF-16 offsets like wordSnap. Tokens are the word-like segments of `Intl.Segmenter`, so a span
 * never ends inside a word, and whitespace and punctuation between tokens are skipped.
 */
import type { TextRange } from './wordSnap';

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
/** How far around an edge to look for the neighbouring token: long enough for any real word. */
const WINDOW = 400;
const CLOSING_TO_OPENING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Which edge moves, and which way in reading (storage) order. */
export type WordStep = 'grow-start' | 'shrink-start' | 'grow-end' | 'shrink-end';

/** The range with one edge moved by a token, or null when it cannot move (text edge, or the span would vanish). */
export function stepRange(text: string, range: TextRange, step: WordStep): TextRange | null {
  switch (step) {
    case 'grow-end': {
      const next = wordsIn(text, range.end, Math.min(text.length, range.end + WINDOW)).find((word) => word.end > range.end);
      if (!next) return null;
      return { start: range.start, end: keepClosingBracket(text, range.start, next.end) };
    }
    case 'shrink-end': {
      // Drop the last word (and anything after it, such as a closing bracket).
      const words = wordsIn(text, range.start, range.end);
      const kept = words.at(-2);
      return kept ? { start: range.start, end: kept.end } : null;
    }
    case 'grow-start': {
      const previous = wordsIn(text, Math.max(0, range.start - WINDOW), range.start).filter((word) => word.start < range.start);
      const last = previous.at(-1);
      return last ? { start: last.start, end: range.end } : null;
    }
    case 'shrink-start': {
      // Drop the first word (and anything before the second, such as an opening quote).
      const second = wordsIn(text, range.start, range.end)[1];
      return second ? { start: second.start, end: range.end } : null;
    }
  }
}

/** Word-like segments wholly inside [from, to), in order (a window of the text is segmented, not all of it). */
function wordsIn(text: string, from: number, to: number): TextRange[] {
  const words: TextRange[] = [];
  for (const segment of wordSegmenter.segment(text.slice(from, to))) {
    if (segment.isWordLike) words.push({ start: from + segment.index, end: from + segment.index + segment.segment.length });
  }
  return words;
}

/** Grows over a closing bracket right after the end when its opening bracket is inside the span: "US Central Command (CENTCOM)". */
function keepClosingBracket(text: string, start: number, end: number): number {
  const opening = CLOSING_TO_OPENING[text[end] ?? ''];
  return opening !== undefined && text.slice(start, end).includes(opening) ? end + 1 : end;
}
