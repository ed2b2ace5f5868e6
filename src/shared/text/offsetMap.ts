/**
 * Converts between the two ways of counting positions in a text:
 *
 * - UTF-16 code units: what JavaScript strings, the DOM and ProseMirror count;
 * - Unicode code points: what the store and every export use, so Python's `text[start:end]` works.
 *
 * They differ after every astral character (emoji, some CJK): "😀" is 2 units but 1 code point.
 * The map records where astral characters sit, so each conversion is a binary search instead of a
 * scan, which matters for 100,000-character articles with thousands of spans.
 */
export class OffsetMap {
  /** UTF-16 index of the high surrogate of each astral code point, ascending. */
  private readonly astralUnits: number[] = [];
  /** Code-point index of each astral code point, ascending. */
  private readonly astralPoints: number[] = [];
  /** Length of the text in UTF-16 code units. */
  readonly utf16Length: number;
  /** Length of the text in code points. */
  readonly codePointLength: number;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
        this.astralUnits.push(i);
        this.astralPoints.push(i - this.astralUnits.length + 1);
        i++;
      }
    }
    this.utf16Length = text.length;
    this.codePointLength = text.length - this.astralUnits.length;
  }

  /** Whether the text has no astral characters, so both counts agree everywhere. */
  get isBmpOnly(): boolean {
    return this.astralUnits.length === 0;
  }

  /**
   * The code-point offset of a UTF-16 offset. Throws a RangeError for an offset outside the text
   * or between the two halves of a surrogate pair: such an offset names no character boundary.
   */
  toCodePoint(utf16: number): number {
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > this.utf16Length) {
      throw new RangeError(`UTF-16 offset ${utf16} is outside the text (0..${this.utf16Length})`);
    }
    const before = countLessThan(this.astralUnits, utf16);
    if (before > 0 && this.astralUnits[before - 1] === utf16 - 1) {
      throw new RangeError(`UTF-16 offset ${utf16} splits a surrogate pair`);
    }
    return utf16 - before;
  }

  /** The UTF-16 offset of a code-point offset. Throws a RangeError outside the text. */
  toUtf16(codePoint: number): number {
    if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > this.codePointLength) {
      throw new RangeError(`code-point offset ${codePoint} is outside the text (0..${this.codePointLength})`);
    }
    return codePoint + countLessThan(this.astralPoints, codePoint);
  }

  /** The text between two code-point offsets, as Python's `text[start:end]` would give it. */
  sliceCodePoints(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

/** Number of code points in a string (what Python's `len` gives). */
export function codePointLength(text: string): number {
  let astral = 0;
  for (let i = 0; i < text.length; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      astral++;
      i++;
    }
  }
  return text.length - astral;
}

/** Whether a UTF-16 offset falls between the halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, utf16: number): boolean {
  return utf16 > 0 && utf16 < text.length && isHighSurrogate(text.charCodeAt(utf16 - 1)) && isLowSurrogate(text.charCodeAt(utf16));
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** How many values in an ascending array are strictly less than `value`. */
function countLessThan(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? Infinity) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
