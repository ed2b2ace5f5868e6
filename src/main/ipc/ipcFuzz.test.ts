import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quietLogger } from '../../core/testing/fixtures';
import { databaseFingerprint, FUZZ_RUNS } from '../../core/testing/fuzz';
import { createTempDirs } from '../../core/testing/tempDir';
import { openWorkbench } from '../../core/workbench';
import { createIpcHandler } from './createIpcHandler';

// Checklist item 17 as a property: whatever frame a message claims to come from, only the app's
// own origin is served, and a refused call writes nothing.
const tempDir = createTempDirs('awb-ipc-fuzz-');

describe('IPC sender check', () => {
  it(`refuses every frame but the app's own, writing nothing (${FUZZ_RUNS} runs)`, async () => {
    const workbench = await openWorkbench(join(tempDir(), 'ipc.db'), { logger: quietLogger });
    const handler = createIpcHandler(workbench.dispatch, 'annotators.setLocal');
    const before = databaseFingerprint(workbench.db);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.webUrl(),
          fc.string(),
          fc.constantFrom('app://bundle.evil/', 'app://bundle@evil/', 'app://x:y@bundle/', 'file:///index.html', 'app:/bundle/', 'APP://BUNDLE.evil/'),
        ),
        async (url) => {
          fc.pre(!/^app:\/\/bundle\//i.test(url));
          expect(await handler({ senderFrame: { url } }, { name: 'Mallory' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
    expect(databaseFingerprint(workbench.db)).toBe(before);
    workbench.close();
  });
});
