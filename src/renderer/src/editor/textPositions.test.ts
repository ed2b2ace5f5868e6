import { describe, expect, it } from 'vitest';
import { TextPositions } from './textPositions';

describe('TextPositions', () => {
  const text = 'Title 👨‍👩‍👧\r\n\r\ne\u0301 قال 22 🇮🇶 end';
  const positions = new TextPositions(text);

  it('maps code points to editor positions and back across CRLF, emoji, ZWJ and combining marks', () => {
    const points = [...text];
    for (let codePoint = 0; codePoint <= points.length; codePoint++) {
      const utf16 = points.slice(0, codePoint).join('').length;
      if (/[\r\n]/.test(text[utf16 - 1] ?? '') && /[\r\n]/.test(text[utf16] ?? '')) continue; // inside a line break
      expect(positions.codePointOfPos(positions.posOfCodePoint(codePoint))).toBe(codePoint);
    }
  });

  it('moves an offset inside a surrogate pair to the pair’s start instead of throwing', () => {
    const flag = text.indexOf('🇮🇶');
    expect(positions.codePointOfUtf16(flag + 1)).toBe(positions.codePointOfUtf16(flag));
    expect(positions.codePointOfUtf16(flag + 2)).toBe(positions.codePointOfUtf16(flag) + 1);
  });
});
