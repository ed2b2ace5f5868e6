import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isGraphemeBoundary, snapToGraphemes, snapToWords, wordAt, type TextRange } from './wordSnap';

/** Snaps the selection of `needle`'s characters [from, to) within it, and returns the snapped text. */
function snapped(text: string, range: TextRange | null): string | null {
  return range ? text.slice(range.start, range.end) : null;
}

function select(text: string, fragment: string): TextRange {
  const start = text.indexOf(fragment);
  if (start < 0) throw new Error(`"${fragment}" is not in the text`);
  return { start, end: start + fragment.length };
}

describe('snapToWords', () => {
  const text = 'Three American soldiers were killed at Tower 22, the Pentagon’s press secretary said.';

  it('takes a partly selected word whole', () => {
    expect(snapped(text, snapToWords(text, select(text, 'meric')))).toBe('American');
    expect(snapped(text, snapToWords(text, select(text, 'ee American sol')))).toBe('Three American soldiers');
  });

  it('trims whitespace and punctuation around the words (rule 1)', () => {
    expect(snapped(text, snapToWords(text, select(text, ' Tower 22, ')))).toBe('Tower 22');
  });

  it('drops a possessive (rule 2)', () => {
    expect(snapped(text, snapToWords(text, select(text, 'Pentag')))).toBe('Pentagon');
    expect(snapped(text, snapToWords(text, select(text, 'Pentagon’s')))).toBe('Pentagon');
  });

  it('keeps quotes outside the span (rule 1)', () => {
    const quoted = 'bombarded the American “Harir” base in Erbil';
    expect(snapped(quoted, snapToWords(quoted, select(quoted, '“Harir”')))).toBe('Harir');
  });

  it('keeps a bracketed acronym whose opening bracket is inside (rule 4)', () => {
    const acronym = 'the US Central Command (CENTCOM) said';
    expect(snapped(acronym, snapToWords(acronym, select(acronym, 'US Central Command (CENTCOM)')))).toBe('US Central Command (CENTCOM)');
    expect(snapped(acronym, snapToWords(acronym, select(acronym, '(CENTCOM)')))).toBe('CENTCOM');
  });

  it('keeps numbers with separators whole', () => {
    const counts = 'has killed nearly 25,105 people';
    expect(snapped(counts, snapToWords(counts, select(counts, '5,1')))).toBe('25,105');
  });

  it('does not pull in hyphenated neighbours the annotator did not touch', () => {
    const place = 'east of al-Hasakah governorate';
    expect(snapped(place, snapToWords(place, select(place, 'asaka')))).toBe('Hasakah');
    expect(snapped(place, snapToWords(place, select(place, 'l-Hasakah gov')))).toBe('al-Hasakah governorate');
  });

  it('snaps Arabic words with their diacritics', () => {
    const arabic = 'قال جو بايدن إن كَتَبَ الرسالة';
    expect(snapped(arabic, snapToWords(arabic, { start: arabic.indexOf('كَتَبَ') + 1, end: arabic.indexOf('كَتَبَ') + 3 }))).toBe('كَتَبَ');
    expect(snapped(arabic, snapToWords(arabic, select(arabic, 'و بايد')))).toBe('جو بايدن');
  });

  it('never ends inside an emoji', () => {
    const emoji = 'fire 👨🏻‍🚒 crew';
    const range = snapToWords(emoji, { start: 0, end: emoji.indexOf('👨') + 1 });
    expect(range).not.toBeNull();
    expect(isGraphemeBoundary(emoji, range!.end)).toBe(true);
  });

  it('returns null for a selection of only space or punctuation', () => {
    expect(snapToWords(text, select(text, ', '))).toBeNull();
    expect(snapToWords(text, { start: 3, end: 3 })).toBeNull();
  });

  it('accepts a backwards selection', () => {
    const range = select(text, 'meric');
    expect(snapped(text, snapToWords(text, { start: range.end, end: range.start }))).toBe('American');
  });
});

describe('snapToGraphemes', () => {
  it('selects by character but never half a cluster', () => {
    const text = 'x 👨‍👩‍👧 e\u0301 y';
    const range = snapToGraphemes(text, { start: 3, end: 4 });
    expect(snapped(text, range)).toBe('👨‍👩‍👧');
    const accent = text.indexOf('e\u0301');
    expect(snapped(text, snapToGraphemes(text, { start: accent, end: accent + 1 }))).toBe('e\u0301');
  });
});

describe('wordAt', () => {
  it('finds the word under an offset, and nothing on punctuation', () => {
    const text = 'strike on Tower 22, said';
    expect(snapped(text, wordAt(text, text.indexOf('ower')))).toBe('Tower');
    expect(wordAt(text, text.indexOf(','))).toBeNull();
  });
});

describe('snapping properties', () => {
  it('always yields null or a trimmed range on grapheme boundaries inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(), fc.nat(), (text, a, b) => {
        const range = snapToWords(text, { start: a % (text.length + 1), end: b % (text.length + 1) });
        if (range === null) return;
        expect(range.start).toBeGreaterThanOrEqual(0);
        expect(range.end).toBeLessThanOrEqual(text.length);
        expect(range.start).toBeLessThan(range.end);
        expect(isGraphemeBoundary(text, range.start)).toBe(true);
        expect(isGraphemeBoundary(text, range.end)).toBe(true);
        expect(/^\s|\s$/u.test(text.slice(range.start, range.end))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('segmenting long texts in windows', () => {
  const pieces = ['word', ' ', 'كَتَبَ', '👨‍👩‍👧', 'e\u0301', '🇮🇶', '22,5', '\n', 'U.S.', '(CENTCOM)', '  ', 'مسيّرة', 'x'];
  const longText = fc.array(fc.constantFrom(...pieces), { minLength: 400, maxLength: 900 }).map((parts) => parts.join(''));

  it('finds the same grapheme boundaries and words as segmenting the whole text', () => {
    const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const words = new Intl.Segmenter(undefined, { granularity: 'word' });
    fc.assert(
      fc.property(longText, fc.array(fc.nat(), { minLength: 20, maxLength: 20 }), (text, picks) => {
        const boundaries = new Set([...graphemes.segment(text)].map((segment) => segment.index));
        const wordSegments = [...words.segment(text)];
        for (const pick of picks) {
          const offset = pick % text.length;
          expect(isGraphemeBoundary(text, offset)).toBe(boundaries.has(offset));
          const whole = wordSegments.find((segment) => segment.index <= offset && offset < segment.index + segment.segment.length);
          const found = wordAt(text, offset);
          if (whole?.isWordLike) {
            expect(found).not.toBeNull();
            if (found) expect(found.start >= whole.index && found.end <= whole.index + whole.segment.length).toBe(true);
          }
          if (!whole?.isWordLike) expect(found).toBeNull();
        }
      }),
      { numRuns: 60 },
    );
  });
});
