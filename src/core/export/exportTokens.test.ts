import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bioTags, decodeBio } from './bioTags';
import { DocumentTokens, spansForTagging } from './exportTokens';
import type { ExportSpan } from './exportTypes';

const rebuild = (tokens: { text: string; ws: boolean }[]) => tokens.map((token) => token.text + (token.ws ? ' ' : '')).join('');

function span(start: number, end: number, label = 'ACTOR', id = `${label}-${start}`): ExportSpan {
  return { id, start, end, text: '', label, attributes: {}, annotator: { id: 'a', name: 'A' }, origin: 'manual', layer: 'annotator' };
}

describe('export tokens', () => {
  it('spaCy tokens rebuild the text exactly: leading and doubled spaces, CRLF, tabs, astral characters', () => {
    const text = '  Two  rockets\r\nhit 🚁 Erbil\t(CENTCOM) said.\n\n';
    const { tokens } = new DocumentTokens(text).spacyTokens();
    expect(rebuild(tokens)).toBe(text);
    expect(tokens.map((token) => [token.text, token.ws])).toEqual([
      ['  ', false],
      ['Two', true],
      [' ', false],
      ['rockets', false],
      ['\r\n', false],
      ['hit', true],
      ['🚁', true],
      ['Erbil', false],
      ['\t', false],
      ['(', false],
      ['CENTCOM', false],
      [')', true],
      ['said', false],
      ['.', false],
      ['\n\n', false],
    ]);
    // Offsets are code points: the helicopter is one.
    expect(tokens.find((token) => token.text === 'Erbil')).toMatchObject({ start: 22, end: 27 });
  });

  it('any text: spaCy tokens rebuild it and every token is text[start:end] in code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const { tokens } = new DocumentTokens(text).spacyTokens();
        expect(rebuild(tokens)).toBe(text);
        const points = Array.from(text);
        for (const token of tokens) expect(points.slice(token.start, token.end).join('')).toBe(token.text);
      }),
      { numRuns: 300 },
    );
  });

  it('sentences never cut a kept span, and never cross a line break otherwise', () => {
    const text = 'Shelling hit Dr. Ruth Clinic. Two died.\nNext line.';
    const tokens = new DocumentTokens(text);
    const range = tokens.tokenRange({ start: 13, end: 28 });
    expect(range).not.toBeNull();
    const plain = tokens.sentences([]).map((s) =>
      tokens.tokens
        .slice(s.first, s.last + 1)
        .map((t) => t.text)
        .join(' '),
    );
    expect(plain.at(-1)).toBe('Next line .');
    const kept = tokens.sentences(range ? [range] : []).map((s) =>
      tokens.tokens
        .slice(s.first, s.last + 1)
        .map((t) => t.text)
        .join(' '),
    );
    expect(kept.some((sentence) => sentence.includes('Dr . Ruth Clinic'))).toBe(true);
    expect(kept.at(-1)).toBe('Next line .');
  });

  it('BIO tagging keeps aligned, non-overlapping spans (earlier, then longer first) and decodes back to them', () => {
    const text = 'Militia fighters entered the town of Be\u0301ziers at dawn.';
    const tokens = new DocumentTokens(text);
    const { kept, unaligned, overlapping } = spansForTagging(tokens, [span(0, 16), span(0, 7, 'ACTOR', 'short'), span(2, 9), span(37, 45, 'LOCATION')]);
    expect(kept.map((s) => [s.start, s.end, s.label])).toEqual([
      [0, 16, 'ACTOR'],
      [37, 45, 'LOCATION'],
    ]);
    expect(overlapping.map((s) => s.id)).toEqual(['short']);
    expect(unaligned.map((s) => s.start)).toEqual([2]);
    const tags = bioTags(tokens.tokens.length, kept);
    expect(tags.slice(0, 3)).toEqual(['B-ACTOR', 'I-ACTOR', 'O']);
    expect(decodeBio(tags)).toEqual(kept.map((s) => ({ first: s.first, last: s.last, label: s.label })));
  });
});
