import { describe, expect, it } from 'vitest';
import { stepRange, type WordStep } from './wordSteps';

function step(text: string, selected: string, move: WordStep): string | null {
  const start = text.indexOf(selected);
  const range = stepRange(text, { start, end: start + selected.length }, move);
  return range ? text.slice(range.start, range.end) : null;
}

describe('stepRange', () => {
  const text = 'Forces of US Central Command (CENTCOM) struck 85 targets, officials said.';

  it('grows and shrinks either edge by one word, skipping spaces and punctuation', () => {
    expect(step(text, 'Central', 'grow-start')).toBe('US Central');
    expect(step(text, 'Central', 'grow-end')).toBe('Central Command');
    expect(step(text, 'US Central Command', 'shrink-start')).toBe('Central Command');
    expect(step(text, 'US Central Command', 'shrink-end')).toBe('US Central');
    expect(step(text, '85 targets', 'grow-end')).toBe('85 targets, officials');
  });

  it('takes a closing bracket whose opening bracket is inside the span', () => {
    expect(step(text, 'US Central Command (CENTCOM', 'grow-end')).toBe('US Central Command (CENTCOM) struck');
    expect(step(text, 'US Central Command (CENTCOM)', 'shrink-end')).toBe('US Central Command');
    expect(step(text, 'US Central Command', 'grow-end')).toBe('US Central Command (CENTCOM)');
  });

  it('refuses to shrink a one-word span or grow past the text', () => {
    expect(step(text, 'Forces', 'grow-start')).toBeNull();
    expect(step(text, 'said', 'grow-end')).toBeNull();
    expect(step(text, 'Central', 'shrink-end')).toBeNull();
    expect(step(text, 'Central', 'shrink-start')).toBeNull();
  });

  it('steps over Arabic words and emoji by whole tokens', () => {
    const arabic = 'قال الرئيس الأمريكي جو بايدن 👨‍👩‍👧 اليوم';
    expect(step(arabic, 'جو', 'grow-end')).toBe('جو بايدن');
    expect(step(arabic, 'جو بايدن', 'grow-start')).toBe('الأمريكي جو بايدن');
    // An emoji is not a word token, so growing steps over it to the next word whole.
    expect(step(arabic, 'بايدن', 'grow-end')).toBe('بايدن 👨‍👩‍👧 اليوم');
  });
});
