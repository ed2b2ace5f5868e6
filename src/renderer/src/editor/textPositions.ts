import { OffsetMap } from '../../../shared/text/offsetMap';
import { buildTextLayout, offsetOfPosition, positionOfOffset, type TextLayout } from './textLayout';

/**
 * Converts between the three ways the editor counts: ProseMirror positions, UTF-16 offsets (the
 * DOM, Intl.Segmenter) and code points (the store). Built once per document.
 */
export class TextPositions {
  readonly layout: TextLayout;
  readonly offsets: OffsetMap;

  constructor(readonly text: string) {
    this.layout = buildTextLayout(text);
    this.offsets = new OffsetMap(text);
  }

  /** Editor position of a code-point offset. */
  posOfCodePoint(codePoint: number): number {
    return positionOfOffset(this.layout, this.offsets.toUtf16(codePoint));
  }

  /** Editor position of a UTF-16 offset. */
  posOfUtf16(utf16: number): number {
    return positionOfOffset(this.layout, utf16);
  }

  /** UTF-16 offset of an editor position. */
  utf16OfPos(pos: number): number {
    return offsetOfPosition(this.layout, pos);
  }

  /** Code-point offset of a UTF-16 offset; one inside a surrogate pair moves to the pair's start. */
  codePointOfUtf16(utf16: number): number {
    const text = this.text;
    const inside = utf16 > 0 && utf16 < text.length && /[\udc00-\udfff]/.test(text[utf16] ?? '') && /[\ud800-\udbff]/.test(text[utf16 - 1] ?? '');
    return this.offsets.toCodePoint(inside ? utf16 - 1 : utf16);
  }

  /** Code-point offset of an editor position. */
  codePointOfPos(pos: number): number {
    return this.codePointOfUtf16(this.utf16OfPos(pos));
  }
}
