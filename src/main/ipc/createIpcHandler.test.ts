import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempDirs } from '../../core/testing/tempDir';
import { openWorkbench } from '../../core/workbench';
import { METHOD_NAMES } from '../../shared/contract/index';
import { APP_ENTRY_URL } from '../security/appOrigin';
import { createIpcHandler } from './createIpcHandler';

const tempDir = createTempDirs();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('IPC handlers', () => {
  it('refuse a call from a foreign frame and write nothing', async () => {
    const workbench = await openWorkbench(join(tempDir(), 'ipc.db'), { logger: quiet });
    const handler = createIpcHandler(workbench.dispatch, 'annotators.setLocal');
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://evil/index.html']) {
      const result = await handler({ senderFrame: { url } }, { name: 'Mallory' });
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await handler({ senderFrame: null }, { name: 'Mallory' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(workbench.db.prepare('SELECT count(*) AS n FROM annotator').get()).toEqual({ n: 0 });
    workbench.close();
  });

  it('validate input from the app frame and answer with an envelope', async () => {
    const workbench = await openWorkbench(join(tempDir(), 'ipc-ok.db'), { logger: quiet });
    const handler = createIpcHandler(workbench.dispatch, 'annotators.setLocal');
    expect(await handler({ senderFrame: { url: APP_ENTRY_URL } }, { name: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await handler({ senderFrame: { url: APP_ENTRY_URL } }, { name: 'Ana' })).toMatchObject({ ok: true, value: { name: 'Ana' } });
    workbench.close();
  });

  it('cover every contract method (one registration loop)', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(0);
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
  });
});
