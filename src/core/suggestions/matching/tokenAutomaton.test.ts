import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/seededRandom';
import { TokenAutomaton } from './tokenAutomaton';

/** Every (pattern, end index) pair by brute force: the reference the automaton must equal. */
function bruteForce(patterns: number[][], text: number[]): string[] {
  const found: string[] = [];
  patterns.forEach((pattern, index) => {
    for (let end = pattern.length - 1; end < text.length; end++) {
      if (pattern.every((token, k) => text[end - pattern.length + 1 + k] === token)) found.push(`${index}@${end}`);
    }
  });
  return found.sort();
}

function scanAll(patterns: number[][], text: number[]): string[] {
  const automaton = new TokenAutomaton();
  for (const pattern of patterns) automaton.add(pattern);
  automaton.build();
  const found: string[] = [];
  automaton.scan(text, text.length, (pattern, end) => found.push(`${pattern}@${end}`));
  return found.sort();
}

describe('TokenAutomaton', () => {
  it('finds overlapping, nested and repeated patterns (the classic he/she/his/hers case)', () => {
    // h=0 e=1 s=2 i=3 r=4
    const patterns = [
      [0, 1],
      [2, 0, 1],
      [0, 3, 2],
      [0, 1, 4, 2],
    ];
    const text = [2, 0, 1, 4, 2, 0, 3, 2];
    expect(scanAll(patterns, text)).toEqual(bruteForce(patterns, text));
    expect(scanAll(patterns, text)).toContain('0@2');
    expect(scanAll(patterns, text)).toContain('1@2');
    expect(scanAll(patterns, text)).toContain('3@4');
  });

  it('treats an unknown token (-1) as a break', () => {
    expect(scanAll([[1, 2]], [1, -1, 2, 1, 2])).toEqual(['0@4']);
  });

  it('equals a brute-force search on random patterns and texts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 40 }),
        (patterns, text) => {
          expect(scanAll(patterns, text)).toEqual(bruteForce(patterns, text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('equals a brute-force search with thousands of patterns and large token ids (tables that grew many times)', () => {
    const random = seededRandom(7);
    const token = () => (random() < 0.5 ? Math.floor(random() * 40) : 100_000 + Math.floor(random() * 40));
    const patterns = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(random() * 4) }, token));
    const text = Array.from({ length: 4000 }, () => (random() < 0.05 ? -1 : token()));
    const found = scanAll(patterns, text);
    expect(found.length).toBeGreaterThan(100);
    expect(found).toEqual(bruteForce(patterns, text));
  });
});
