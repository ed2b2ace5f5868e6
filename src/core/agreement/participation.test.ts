import { describe, expect, it } from 'vitest';
import type { DocumentStatus } from '../../shared/contract/methods/documents';
import { participation } from './participation';
import type { AnnotatorWork } from './types';

const work = (status: DocumentStatus, spans: number): AnnotatorWork => ({
  annotatorId: 'ana',
  textSha256: 'a'.repeat(64),
  status,
  spans: Array.from({ length: spans }, (_, i) => ({ id: `s${i}`, start: i, end: i + 1, label: 'ACTOR', attributes: {} })),
});

describe('participation (who counts for a document)', () => {
  it.each([
    // status, live spans, under "done", under "done-or-annotated"
    ['done', 0, 'counted', 'counted'],
    ['done', 2, 'counted', 'counted'],
    ['in_progress', 2, 'unfinished', 'counted'],
    ['in_progress', 0, 'unfinished', 'unfinished'],
    ['todo', 2, 'unfinished', 'counted'],
    ['todo', 0, 'absent', 'absent'],
    ['skipped', 0, 'skipped', 'skipped'],
    ['skipped', 2, 'skipped', 'skipped'],
  ] as const)('%s with %i spans: %s under done, %s under done-or-annotated', (status, spans, underDone, underAnnotated) => {
    const describe = (rule: 'done' | 'done-or-annotated') => {
      const result = participation(work(status, spans), rule);
      return result.counted ? 'counted' : result.reason;
    };
    expect(describe('done')).toBe(underDone);
    expect(describe('done-or-annotated')).toBe(underAnnotated);
  });

  it('does not count an annotator with no work at all', () => {
    expect(participation(undefined, 'done-or-annotated')).toEqual({ counted: false, reason: 'absent' });
  });
});
