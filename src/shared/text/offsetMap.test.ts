import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, OffsetMap, splitsSurrogatePair } from './offsetMap';

/** Python's view of a string: a list of code points. */
const codePoints = (text: string) => [...text];

describe('OffsetMap', () => {
  it('agrees with plain indexes for BMP-only text, CRLF included', () => {
    const text = 'line one\r\nline two\rthree';
    const map = new OffsetMap(text);
    expect(map.isBmpOnly).toBe(true);
    expect(map.codePointLength).toBe(text.length);
    expect(map.toCodePoint(10)).toBe(10);
    expect(map.toUtf16(10)).toBe(10);
    expect(map.sliceCodePoints(10, 18)).toBe('line two');
  });

  it('counts an emoji as one code point and two UTF-16 units (doccano #2290)', () => {
    const text = '👨🏻‍🚒 firemen drive firetrucks';
    const map = new OffsetMap(text);
    const utf16Start = text.indexOf('firetrucks');
    expect(utf16Start).toBe(22);
    expect(map.toCodePoint(utf16Start)).toBe(19);
    expect(map.toUtf16(19)).toBe(22);
    expect(map.sliceCodePoints(19, 29)).toBe('firetrucks');
    expect(codePoints(text).slice(19, 29).join('')).toBe('firetrucks');
  });

  it('treats a ZWJ family as five code points, eight units', () => {
    const family = '👨‍👩‍👧';
    expect(family.length).toBe(8);
    expect(codePointLength(family)).toBe(5);
    const map = new OffsetMap(`${family}x`);
    expect(map.toCodePoint(8)).toBe(5);
    expect(map.sliceCodePoints(5, 6)).toBe('x');
  });

  it('keeps combining marks as separate code points (no normalisation)', () => {
    const text = 'cafe\u0301 كَتَبَ';
    const map = new OffsetMap(text);
    expect(map.codePointLength).toBe(text.length);
    expect(map.sliceCodePoints(6, 12)).toBe('كَتَبَ');
  });

  it('refuses an offset between the halves of a surrogate pair', () => {
    const map = new OffsetMap('a😀b');
    expect(splitsSurrogatePair('a😀b', 2)).toBe(true);
    expect(() => map.toCodePoint(2)).toThrow(/splits a surrogate pair/);
    expect(map.toCodePoint(3)).toBe(2);
  });

  it('refuses offsets outside the text', () => {
    const map = new OffsetMap('abc');
    expect(() => map.toCodePoint(4)).toThrow(RangeError);
    expect(() => map.toUtf16(-1)).toThrow(RangeError);
    expect(() => map.toUtf16(1.5)).toThrow(RangeError);
  });

  it('round-trips every code-point offset of any text and matches code-point slicing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.nat(), fc.nat(), (text, a, b) => {
        const map = new OffsetMap(text);
        const points = codePoints(text);
        expect(map.codePointLength).toBe(points.length);
        const start = points.length === 0 ? 0 : a % (points.length + 1);
        const end = points.length === 0 ? 0 : b % (points.length + 1);
        const [low, high] = start <= end ? [start, end] : [end, start];
        expect(map.toCodePoint(map.toUtf16(low))).toBe(low);
        expect(map.sliceCodePoints(low, high)).toBe(points.slice(low, high).join(''));
      }),
      { numRuns: 500 },
    );
  });
});
