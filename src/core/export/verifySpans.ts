import { WorkbenchError } from '../errors';

/** How a format counts offsets. */
export type OffsetUnitName = 'codepoint' | 'utf16';

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Checks, for every span an export writes, that slicing the text it writes at the offsets it
 * writes gives the span's text: Python's `text[start:end]` for code points, JavaScript's
 * `text.slice(start, end)` for UTF-16 units. It deliberately does not use OffsetMap (which made
 * the offsets): a check that shares the converter would share its bugs. Texts without surrogates
 * count the same in both units; the others are sliced as an array of code points, as Python does.
 */
export class SpanVerifier {
  checked = 0;
  // The last text seen, whether it has surrogates, and its code points (built on demand).
  private text = '';
  private astral = false;
  private points: string[] | null = null;

  /** Throws an internal error naming the document and span when the slice differs. */
  check(text: string, start: number, end: number, expected: string, unit: OffsetUnitName, where: { documentId: string; spanId: string; format: string }): void {
    const actual = this.slice(text, start, end, unit);
    if (actual !== expected) {
      throw new WorkbenchError(
        'internal',
        `The ${where.format} export was stopped and removed: span ${where.spanId} of document ${where.documentId} would be written at ${start}–${end} (${unit}), ` +
          `where the text reads ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}. This is a bug; nothing was left in the folder.`,
        { ...where, start, end, unit },
      );
    }
    this.checked++;
  }

  private slice(text: string, start: number, end: number, unit: OffsetUnitName): string | null {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) return null;
    if (this.text !== text) {
      this.text = text;
      this.astral = SURROGATE.test(text);
      this.points = null;
    }
    if (unit === 'utf16' || !this.astral) return end <= text.length ? text.slice(start, end) : null;
    this.points ??= Array.from(text);
    return end <= this.points.length ? this.points.slice(start, end).join('') : null;
  }
}
