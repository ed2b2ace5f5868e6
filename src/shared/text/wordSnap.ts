/**
 * Turns a rough selection into span boundaries an annotator would draw by hand: whole words,
 * whole grapheme clusters, no surrounding space or punctuation (annotation guidelines, rule 1),
 * no possessive 's (rule 2). Works on UTF-16 offsets, as the DOM and ProseMirror report them.
 */

/** A half-open range of UTF-16 offsets into a text. */
export type TextRange = { start: number; end: number };

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const WHITESPACE = /\s/u;

/**
 * Word and grapheme boundaries depend only on nearby characters, so a segment is looked up in a
 * window of text around the offset rather than in the whole text: segmenting a 100,000-character
 * article from its start costs milliseconds per lookup, a window microseconds. The window is far
 * wider than any word or grapheme cluster of real text.
 */
const WINDOW = 512;

type Segment = { segment: string; index: number; isWordLike?: boolean | undefined };

function segmentContaining(segmenter: Intl.Segmenter, text: string, index: number): Segment | undefined {
  if (text.length <= WINDOW * 2) return segmenter.segment(text).containing(index);
  let from = Math.max(0, index - WINDOW);
  // Start the window just after a whitespace character, a natural boundary, when there is one near.
  if (from > 0) {
    const space = text.slice(from, from + WINDOW / 2).search(/\s/u);
    if (space >= 0) from += space + 1;
  }
  const to = Math.min(text.length, index + WINDOW);
  const found = segmenter.segment(text.slice(from, to)).containing(index - from);
  return found && { segment: found.segment, index: found.index + from, isWordLike: found.isWordLike };
}
/** A grapheme with no letter or digit: punctuation, a symbol, an emoji. */
const NOT_A_WORD_CHARACTER = /^[^\p{L}\p{N}]+$/u;
const CLOSING_TO_OPENING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const POSSESSIVE = /[\u2019']s$/u;

/**
 * Snaps a selection to word boundaries: a partly selected word is taken whole, then surrounding
 * whitespace, punctuation and a trailing possessive are trimmed. A closing bracket stays when its
 * opening bracket is inside the span, as in `US Central Command (CENTCOM)` (guidelines, rule 4).
 * Returns null when nothing but space or punctuation was selected.
 */
export function snapToWords(text: string, selection: TextRange): TextRange | null {
  let { start, end } = ordered(text, selection);
  ({ start, end } = trimWhitespace(text, start, end));
  if (start >= end) return null;

  const first = segmentContaining(wordSegmenter, text, start);
  if (first?.isWordLike && first.index < start) start = first.index;
  const last = segmentContaining(wordSegmenter, text, end - 1);
  if (last?.isWordLike) end = Math.max(end, last.index + last.segment.length);

  ({ start, end } = toGraphemeEdges(text, start, end));
  return trimEdges(text, start, end);
}

/**
 * Snaps a selection to grapheme-cluster boundaries only (character mode): never half of an
 * emoji, a surrogate pair or a letter with its combining marks. Whitespace at the edges is trimmed.
 */
export function snapToGraphemes(text: string, selection: TextRange): TextRange | null {
  let { start, end } = ordered(text, selection);
  ({ start, end } = trimWhitespace(text, start, end));
  if (start >= end) return null;
  return toGraphemeEdges(text, start, end);
}

/** Widens a non-empty range to the grapheme clusters it touches. */
function toGraphemeEdges(text: string, start: number, end: number): TextRange {
  const first = segmentContaining(graphemeSegmenter, text, start);
  const last = segmentContaining(graphemeSegmenter, text, end - 1);
  return { start: first ? first.index : start, end: last ? last.index + last.segment.length : end };
}

/** The word under an offset (what a double-click selects), or null on space or punctuation. */
export function wordAt(text: string, offset: number): TextRange | null {
  if (offset < 0 || offset >= text.length) return null;
  const segment = segmentContaining(wordSegmenter, text, offset);
  if (!segment?.isWordLike) return null;
  return trimEdges(text, segment.index, segment.index + segment.segment.length);
}

/** Whether a UTF-16 offset is a grapheme-cluster boundary of the text. */
export function isGraphemeBoundary(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return offset === 0 || offset === text.length;
  const segment = segmentContaining(graphemeSegmenter, text, offset);
  return segment?.index === offset;
}

function ordered(text: string, selection: TextRange): TextRange {
  const start = clamp(Math.min(selection.start, selection.end), 0, text.length);
  const end = clamp(Math.max(selection.start, selection.end), 0, text.length);
  return { start, end };
}

function trimWhitespace(text: string, start: number, end: number): TextRange {
  while (start < end && WHITESPACE.test(text[start] ?? '')) start++;
  while (end > start && WHITESPACE.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

/** Removes leading and trailing punctuation, whitespace and possessives, grapheme by grapheme. */
function trimEdges(text: string, start: number, end: number): TextRange | null {
  for (;;) {
    ({ start, end } = trimWhitespace(text, start, end));
    if (start >= end) return null;
    const head = segmentContaining(graphemeSegmenter, text, start);
    if (head && NOT_A_WORD_CHARACTER.test(head.segment)) {
      start = head.index + head.segment.length;
      continue;
    }
    const tail = segmentContaining(graphemeSegmenter, text, end - 1);
    if (tail && NOT_A_WORD_CHARACTER.test(tail.segment) && !isKeptClosing(text, tail.segment, start, tail.index)) {
      end = tail.index;
      continue;
    }
    const possessive = POSSESSIVE.exec(text.slice(Math.max(start, end - 2), end));
    if (possessive && end - 2 > start && /\p{L}/u.test(text[end - 3] ?? '')) {
      end -= 2;
      continue;
    }
    return { start, end };
  }
}

function isKeptClosing(text: string, closing: string, start: number, closingIndex: number): boolean {
  const opening = CLOSING_TO_OPENING[closing];
  return opening !== undefined && text.slice(start, closingIndex).includes(opening);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
