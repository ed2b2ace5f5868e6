import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxWeightAssignment } from './assignment';
import { crossLabelMatching, exactMatching, type IndexPairs, type MatchableSpan, overlapMatching, sharedCharacters } from './spanMatching';

const span = (id: string, start: number, end: number, label = 'ACTOR'): MatchableSpan => ({ id, start, end, label });
const ids = (a: readonly MatchableSpan[], b: readonly MatchableSpan[], pairs: IndexPairs) => pairs.map(([i, j]) => `${a[i]!.id}-${b[j]!.id}`);

/** Every matching of a against b (each a to one b or none), by brute force. */
function* allMatchings(aCount: number, bCount: number, i = 0, taken = new Set<number>(), current: IndexPairs = []): Generator<IndexPairs> {
  if (i === aCount) {
    yield [...current];
    return;
  }
  yield* allMatchings(aCount, bCount, i + 1, taken, current);
  for (let j = 0; j < bCount; j++) {
    if (taken.has(j)) continue;
    taken.add(j);
    current.push([i, j]);
    yield* allMatchings(aCount, bCount, i + 1, taken, current);
    current.pop();
    taken.delete(j);
  }
}

describe('maxWeightAssignment', () => {
  it('finds the maximum total weight (checked by brute force)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 16, maxLength: 16 }),
        (rows, columns, cells) => {
          const weights = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => cells[i * 4 + j]!));
          const assigned = maxWeightAssignment(weights, columns);
          const used = new Set<number>();
          let total = 0;
          assigned.forEach((column, row) => {
            if (column < 0) return;
            expect(used.has(column)).toBe(false);
            used.add(column);
            expect(weights[row]![column]).toBeGreaterThan(0);
            total += weights[row]![column]!;
          });
          let best = 0;
          for (const matching of allMatchings(rows, columns))
            best = Math.max(
              best,
              matching.reduce((sum, [i, j]) => sum + weights[i]![j]!, 0),
            );
          expect(total).toBe(best);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('exactMatching', () => {
  it('pairs identical ranges and labels one to one, duplicates in id order', () => {
    const a = [span('a2', 0, 5), span('a1', 0, 5), span('a3', 6, 9, 'LOCATION'), span('a4', 10, 12)];
    const b = [span('b1', 0, 5), span('b3', 6, 9, 'ACTOR'), span('b4', 10, 13)];
    expect(ids(a, b, exactMatching(a, b))).toEqual(['a1-b1']);
  });
});

describe('overlapMatching', () => {
  it('takes more pairs over keeping an exact pair', () => {
    // a1 = b1 exactly, but only a2–b1 and a1–b2 match both of a's spans.
    const a = [span('a1', 0, 10), span('a2', 0, 3)];
    const b = [span('b1', 0, 10), span('b2', 8, 12)];
    expect(ids(a, b, overlapMatching(a, b)).sort()).toEqual(['a1-b2', 'a2-b1']);
  });

  it('keeps the exact pair when the number of pairs allows it, then prefers more shared characters', () => {
    const a = [span('a1', 0, 10)];
    const b = [span('b1', 0, 3), span('b2', 0, 10), span('b3', 2, 12)];
    expect(ids(a, b, overlapMatching(a, b))).toEqual(['a1-b2']);
    const c = [span('c1', 0, 4), span('c2', 3, 9)];
    expect(ids(a, c, overlapMatching(a, c))).toEqual(['a1-c2']);
  });

  it('never pairs different labels or spans that only touch', () => {
    const a = [span('a1', 0, 5, 'ACTOR'), span('a2', 10, 15)];
    const b = [span('b1', 0, 5, 'LOCATION'), span('b2', 15, 20)];
    expect(overlapMatching(a, b)).toEqual([]);
  });

  it('finds a matching that is best by (pairs, exact pairs, shared characters), and one-to-one (brute force)', () => {
    const spans = (prefix: string) =>
      fc
        .array(
          fc
            .record({ start: fc.integer({ min: 0, max: 12 }), length: fc.integer({ min: 1, max: 6 }), label: fc.constantFrom('X', 'Y') })
            .map(({ start, length, label }) => ({ start, end: start + length, label })),
          { maxLength: 4 },
        )
        .map((list) => list.map((s, i) => span(`${prefix}${i}`, s.start, s.end, s.label)));
    fc.assert(
      fc.property(spans('a'), spans('b'), (a, b) => {
        const score = (pairs: IndexPairs) => {
          let exact = 0;
          let shared = 0;
          for (const [i, j] of pairs) {
            const [x, y] = [a[i]!, b[j]!];
            if (x.start === y.start && x.end === y.end) exact++;
            shared += sharedCharacters(x, y);
          }
          return [pairs.length, exact, shared];
        };
        const valid = (pairs: IndexPairs) => pairs.every(([i, j]) => a[i]!.label === b[j]!.label && sharedCharacters(a[i]!, b[j]!) > 0);
        const found = overlapMatching(a, b);
        expect(valid(found)).toBe(true);
        expect(new Set(found.map(([i]) => i)).size).toBe(found.length);
        expect(new Set(found.map(([, j]) => j)).size).toBe(found.length);
        let best = [0, 0, 0];
        for (const matching of allMatchings(a.length, b.length)) {
          if (!valid(matching)) continue;
          const s = score(matching);
          if (s[0]! > best[0]! || (s[0] === best[0] && (s[1]! > best[1]! || (s[1] === best[1] && s[2]! > best[2]!)))) best = s;
        }
        expect(score(found)).toEqual(best);
        // Never fewer pairs than exact matching, and the same pairs whatever order the spans come in.
        expect(found.length).toBeGreaterThanOrEqual(exactMatching(a, b).length);
        const reversedA = [...a].reverse();
        const reversedB = [...b].reverse();
        expect(ids(reversedA, reversedB, overlapMatching(reversedA, reversedB)).sort()).toEqual(ids(a, b, found).sort());
      }),
      { numRuns: 500 },
    );
  });
});

describe('crossLabelMatching', () => {
  it('pairs what the overlap matching left over across labels', () => {
    const a = [span('a1', 0, 10, 'ACTOR'), span('a2', 20, 25, 'LOCATION'), span('a3', 30, 35, 'WEAPON')];
    const b = [span('b1', 0, 10, 'ACTOR'), span('b2', 21, 25, 'ACTOR'), span('b3', 40, 45, 'WEAPON')];
    const matched = overlapMatching(a, b);
    expect(ids(a, b, matched)).toEqual(['a1-b1']);
    expect(ids(a, b, crossLabelMatching(a, b, matched))).toEqual(['a2-b2']);
  });
});
