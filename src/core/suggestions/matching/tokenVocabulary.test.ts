import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldKey, isHyphenToken, isHyphenUnit } from './fold';
import { NOT_ASCII, TokenVocabulary } from './tokenVocabulary';

// Letters that fold in every way the keys do: case, Latin diacritics (precomposed and combining),
// Arabic harakat, tatweel and alef forms, typographic apostrophes, soft hyphens.
const UNITS = ['a', 'B', 'q', 'Z', '7', "'", '\u2019', 'é', 'E\u0301', 'ï', 'İ', 'ß', 'ا', 'أ', 'ع', '\u064e', '\u0640', '\u00ad', '-', '\u2013'];
const token = fc.array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 4 }).map((units) => units.join(''));

describe('TokenVocabulary', () => {
  it('looks up a range of a text as a map of folded keys would', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), fc.array(token, { minLength: 1, maxLength: 30 }), (known, textTokens) => {
        const vocabulary = new TokenVocabulary();
        const reference = new Map<string, number>();
        for (const form of known) {
          const key = foldKey(form);
          const id = vocabulary.intern(key);
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(id).toBe(reference.get(key));
        }
        expect(vocabulary.size).toBe(reference.size);
        // The text's tokens, written one after another with a separator, looked up by range.
        const text = textTokens.join(' ');
        let start = 0;
        for (const part of textTokens) {
          expect(vocabulary.idOf(text, start, start + part.length)).toBe(reference.get(foldKey(part)) ?? -1);
          // The ASCII-only lookup answers the same for an ASCII token, and NOT_ASCII for any other.
          const ascii = [...part].every((unit) => unit.charCodeAt(0) <= 0x7f);
          expect(vocabulary.asciiIdOf(text, start, start + part.length)).toBe(ascii ? (reference.get(foldKey(part)) ?? -1) : NOT_ASCII);
          start += part.length + 1;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every key after growing past its first table', () => {
    const vocabulary = new TokenVocabulary();
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    words.forEach((word, i) => expect(vocabulary.intern(word)).toBe(i));
    const text = words.map((word) => word.toUpperCase()).join(' ');
    let start = 0;
    for (const [i, word] of words.entries()) {
      expect(vocabulary.idOf(text, start, start + word.length)).toBe(i);
      start += word.length + 1;
    }
    expect(vocabulary.idOf('zzz', 0, 3)).toBe(-1);
  });

  it('knows exactly the hyphens and hyphen-like dashes (not the em dash), by unit and by token', () => {
    const hyphens: number[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      expect(isHyphenToken(String.fromCharCode(unit))).toBe(isHyphenUnit(unit));
      if (isHyphenUnit(unit)) hyphens.push(unit);
    }
    expect(hyphens).toEqual([0x2d, 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xfe63, 0xff0d]);
    expect(isHyphenToken('--')).toBe(false);
  });
});
