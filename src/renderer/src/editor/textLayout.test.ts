import { describe, expect, it } from 'vitest';
import { buildTextLayout, offsetOfPosition, positionOfOffset } from './textLayout';

describe('text layout', () => {
  it('makes one paragraph per non-empty line, CRLF and CR included', () => {
    const text = 'Title\r\n\r\nFirst para.\nSecond\rThird';
    const layout = buildTextLayout(text);
    const paragraphs: string[] = [];
    layout.doc.forEach((node) => paragraphs.push(node.textContent));
    expect(paragraphs).toEqual(['Title', 'First para.', 'Second', 'Third']);
  });

  it('maps every text offset inside a line to a position and back', () => {
    const text = 'Title\r\n\r\nFirst 👨‍👩‍👧 para.\nمرحبا بالعالم';
    const layout = buildTextLayout(text);
    for (const line of layout.lines) {
      for (let offset = line.from; offset <= line.to; offset++) {
        const position = positionOfOffset(layout, offset);
        expect(offsetOfPosition(layout, position)).toBe(offset);
        expect(layout.doc.textBetween(positionOfOffset(layout, line.from), position)).toBe(text.slice(line.from, offset));
      }
    }
  });

  it('maps a selection across paragraphs to the text between, line breaks included', () => {
    const text = 'one two\n\nthree four';
    const layout = buildTextLayout(text);
    const from = offsetOfPosition(layout, positionOfOffset(layout, 4));
    const to = offsetOfPosition(layout, positionOfOffset(layout, 14));
    expect(text.slice(from, to)).toBe('two\n\nthree');
  });

  it('gives an empty text one empty paragraph', () => {
    const layout = buildTextLayout('');
    expect(layout.doc.childCount).toBe(1);
    expect(positionOfOffset(layout, 0)).toBe(1);
  });
});
