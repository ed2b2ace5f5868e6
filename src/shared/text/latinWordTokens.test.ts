import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import demoCorpus from '../../../resources/demo-corpus.json' with { type: 'json' };
import { isLatinSimpleText, latinWordTokens } from './latinWordTokens';
import { tokenize, tokenizeWithSegmenter } from './tokenize';

/** Every code unit the fast path accepts. */
const SIMPLE_UNITS = Array.from({ length: 0x2100 }, (_, unit) => String.fromCharCode(unit)).filter((char) => isLatinSimpleText(char));

/** One character of each word-break class the fast path knows, and a few of each rule's contexts. */
const CONTEXTS = ['a', 'é', '1', '_', '.', ',', ':', "'", '’', ' ', '\n', '-'];
/** More of the same, for random strings. */
const REPRESENTATIVES = [...CONTEXTS, 'Z', 'ß', '0', ';', '‘', '·', '\r', '\t', '\u00a0', '"', '“', '(', '$', '…'];

function expectSameTokens(text: string): void {
  expect(latinWordTokens(text), JSON.stringify(text)).toEqual(tokenizeWithSegmenter(text));
}

describe('latinWordTokens (the fast path of the project tokenizer)', () => {
  it('accepts the characters it was built for and refuses the rest', () => {
    expect(isLatinSimpleText('At least 40 were killed near Tower 22, said the U.S. ‘Central Command’ — 25,105 … €3.')).toBe(true);
    for (const text of ['قال', 'e\u0301', '😀', 'co\u00adoperate', 'a\u202fb', 'a\u2028b', '\u0085', '\u0000', 'Ω'])
      expect(isLatinSimpleText(text), text).toBe(false);
    expect(SIMPLE_UNITS.length).toBeGreaterThan(500);
  });

  it('gives the tokens of Intl.Segmenter for every accepted character between every pair of representatives', () => {
    for (const char of SIMPLE_UNITS) {
      expectSameTokens(char);
      expectSameTokens(char + char);
      for (const before of CONTEXTS) {
        expectSameTokens(before + char);
        for (const after of CONTEXTS) expectSameTokens(before + char + after);
      }
    }
  });

  it('gives the tokens of Intl.Segmenter for every string of up to four characters of the contexts', () => {
    const alphabet = CONTEXTS;
    const visit = (prefix: string, depth: number) => {
      expectSameTokens(prefix);
      if (depth === 0) return;
      for (const char of alphabet) visit(prefix + char, depth - 1);
    };
    visit('', 4);
  });

  it('gives the tokens of Intl.Segmenter on random strings of accepted characters', () => {
    const anyUnit = fc.constantFrom(...SIMPLE_UNITS);
    const wordish = fc.constantFrom(...REPRESENTATIVES, 'al', '25', 'U.S', "Kata'ib", '3.5', '1,000');
    fc.assert(
      fc.property(fc.array(fc.oneof(anyUnit, wordish), { maxLength: 40 }), (parts) => expectSameTokens(parts.join(''))),
      { numRuns: 3000 },
    );
  });

  // The real articles are checked in src/core/agreement/tokenizers.test.ts (shared code may not read files).
  it('gives the tokens of Intl.Segmenter on the demo corpus', () => {
    const texts = demoCorpus.map((document) => document.text);
    let simple = 0;
    for (const text of texts) {
      if (isLatinSimpleText(text)) simple++;
      // tokenize picks the path; both paths must agree whichever it picks.
      expect(tokenize(text)).toEqual(tokenizeWithSegmenter(text));
    }
    expect(simple).toBeGreaterThan(0);
  });
});
