import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sentenceRanges, tokenize } from './tokenize';

const words = (text: string) => tokenize(text).map((token) => text.slice(token.start, token.end));

describe('tokenize', () => {
  it('keeps numbers with separators, apostrophes and hyphen parts as the segmenter does', () => {
    expect(words("nearly 25,105 killed; Kata'ib Hezbollah in al-Hasakah.")).toEqual([
      'nearly',
      '25,105',
      'killed',
      ';',
      "Kata'ib",
      'Hezbollah',
      'in',
      'al',
      '-',
      'Hasakah',
      '.',
    ]);
  });

  it('makes each punctuation mark its own token', () => {
    expect(words('US Central Command (CENTCOM) said: "no".')).toEqual(['US', 'Central', 'Command', '(', 'CENTCOM', ')', 'said', ':', '"', 'no', '"', '.']);
  });

  it('keeps Arabic words with their diacritics and emoji as one grapheme', () => {
    expect(words('قال كَتَبَ ٣٤ 👨‍👩‍👧!')).toEqual(['قال', 'كَتَبَ', '٣٤', '👨‍👩‍👧', '!']);
  });

  it('covers every non-whitespace character exactly once, in order', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const tokens = tokenize(text);
        let covered = '';
        let previousEnd = 0;
        for (const token of tokens) {
          expect(token.start).toBeGreaterThanOrEqual(previousEnd);
          expect(token.end).toBeGreaterThan(token.start);
          expect(text.slice(previousEnd, token.start).trim()).toBe('');
          covered += text.slice(token.start, token.end);
          previousEnd = token.end;
        }
        expect(text.slice(previousEnd).trim()).toBe('');
        expect(covered).toBe(text.replace(/\s+/gu, ''));
      }),
      { numRuns: 500 },
    );
  });
});

describe('sentenceRanges', () => {
  it('splits sentences and never crosses a line break', () => {
    const text = 'Headline without a stop\r\nFirst sentence. Second one!\n\nThird?';
    expect(sentenceRanges(text).map((range) => text.slice(range.start, range.end))).toEqual([
      'Headline without a stop',
      'First sentence.',
      'Second one!',
      'Third?',
    ]);
  });
});
