import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectCandidates, type LabelledRange, type Ranked } from './selectCandidates';

/** The rule written the slow, obvious way: every pair compared, nothing left out early. */
function byTheRule(candidates: readonly Ranked[], existing: readonly LabelledRange[], allowOverlap: boolean): Ranked[] {
  const meets = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
  const ordered = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.priority - b.priority);
  const kept: Ranked[] = [];
  for (const candidate of ordered) {
    if (candidate.end <= candidate.start) continue;
    if (existing.some((span) => span.start === candidate.start && span.end === candidate.end && span.label === candidate.label)) continue;
    if (!allowOverlap && existing.some((span) => meets(span, candidate))) continue;
    if (kept.some((other) => meets(other, candidate))) continue;
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

const range = fc
  .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 12 }), fc.constantFrom('ACTOR', 'LOCATION'))
  .map(([start, length, label]) => ({ start, end: start + length, label }));

describe('selectCandidates', () => {
  it('chooses exactly what the rule says, with or without overlap allowed (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(range, fc.integer({ min: 0, max: 2 })).map(([r, priority]) => ({ ...r, priority }))),
        fc.array(range, { maxLength: 15 }).map((spans) => spans.sort((a, b) => a.start - b.start || a.end - b.end)),
        fc.boolean(),
        (candidates, existing, allowOverlap) => {
          expect(selectCandidates(candidates, existing, allowOverlap)).toEqual(byTheRule(candidates, existing, allowOverlap));
        },
      ),
      { numRuns: 500 },
    );
  });
});
