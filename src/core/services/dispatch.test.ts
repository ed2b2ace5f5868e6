import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/contract/limits';
import { createTempDirs } from '../testing/tempDir';
import { openWorkbench, type Workbench } from '../workbench';

const tempDir = createTempDirs();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function openReady(): Promise<{ workbench: Workbench; documentId: string }> {
  const workbench = await openWorkbench(join(tempDir(), 'dispatch.db'), { logger: quiet });
  const named = await workbench.dispatch('annotators.setLocal', { name: 'Tester' });
  expect(named.ok).toBe(true);
  const boot = await workbench.dispatch('app.bootstrap', {});
  if (!boot.ok) throw new Error(boot.error.message);
  const { project } = boot.value as { project: { id: string } };
  const list = await workbench.dispatch('documents.list', { projectId: project.id });
  if (!list.ok) throw new Error(list.error.message);
  const first = (list.value as { rows: { id: string }[] }).rows[0];
  if (!first) throw new Error('no demo documents');
  return { workbench, documentId: first.id };
}

/** Everything a rejected call could have written to. */
function snapshot(workbench: Workbench) {
  const count = (table: string) => (workbench.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    annotations: count('annotation'),
    annotators: count('annotator'),
    statuses: count('document_status'),
    settings: workbench.db.prepare('SELECT key, value FROM app_setting ORDER BY key').all(),
  };
}

describe('dispatch validates every call before any handler runs', () => {
  const validSpan = (documentId: string) => ({ documentId, start: 0, end: 5, label: 'ACTOR' });

  it.each([
    ['an unknown method', 'annotations.destroyEverything', {}, 'unknown_method'],
    ['a wrong type', 'annotations.create', { documentId: 'x', start: '0', end: 5, label: 'ACTOR' }, 'invalid_input'],
    ['a negative offset', 'annotations.create', { documentId: 'x', start: -1, end: 5, label: 'ACTOR' }, 'invalid_input'],
    ['a fractional offset', 'annotations.create', { documentId: 'x', start: 0.5, end: 5, label: 'ACTOR' }, 'invalid_input'],
    ['end before start', 'annotations.create', { documentId: 'x', start: 9, end: 5, label: 'ACTOR' }, 'invalid_input'],
    ['an unknown key', 'annotations.create', { documentId: 'x', start: 0, end: 5, label: 'ACTOR', extra: true }, 'invalid_input'],
    ['an oversized string', 'annotators.setLocal', { name: 'x'.repeat(LIMITS.nameLength + 1) }, 'invalid_input'],
    ['an oversized id', 'documents.get', { id: 'a'.repeat(LIMITS.idLength + 1) }, 'invalid_input'],
    ['a non-object input', 'annotators.setLocal', 'Mallory', 'invalid_input'],
  ])('rejects %s and writes nothing', async (_case, method, input, code) => {
    const { workbench } = await openReady();
    const before = snapshot(workbench);
    const result = await workbench.dispatch(method, input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message.length).toBeGreaterThan(10);
    }
    expect(snapshot(workbench)).toEqual(before);
    workbench.close();
  });

  it('rejects __proto__ payloads at any depth and writes nothing', async () => {
    const { workbench, documentId } = await openReady();
    const before = snapshot(workbench);
    const topLevel = JSON.parse(`{"documentId":"${documentId}","start":0,"end":5,"label":"ACTOR","__proto__":{"polluted":true}}`) as unknown;
    const nested = JSON.parse(`{"documentId":"${documentId}","start":0,"end":5,"label":"ACTOR","attributes":{"__proto__":{"polluted":true}}}`) as unknown;
    const constructorKey = { ...validSpan(documentId), attributes: { constructor: 'x' } };
    for (const input of [topLevel, nested, constructorKey]) {
      const result = await workbench.dispatch('annotations.create', input);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(snapshot(workbench)).toEqual(before);
    workbench.close();
  });

  it('names the offending field in the message', async () => {
    const { workbench, documentId } = await openReady();
    const result = await workbench.dispatch('annotations.create', { ...validSpan(documentId), start: 'zero' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^annotations\.create: start: /);
    workbench.close();
  });

  it('accepts a valid call', async () => {
    const { workbench, documentId } = await openReady();
    const result = await workbench.dispatch('annotations.create', validSpan(documentId));
    expect(result.ok).toBe(true);
    workbench.close();
  });
});
