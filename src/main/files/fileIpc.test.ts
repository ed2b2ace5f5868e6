import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileHandleRegistry } from '../../core/files/fileHandles';
import { createTempDirs } from '../../core/testing/tempDir';
import { APP_ENTRY_URL } from '../security/appOrigin';
import { createDroppedFileHandler, dialogPicker } from './fileIpc';

const tempDir = createTempDirs();

describe('dropped files over IPC', () => {
  it('registers an existing absolute path from the app frame and nothing else', () => {
    const dir = tempDir();
    const file = join(dir, 'articles.jsonl');
    writeFileSync(file, '{"text":"x"}\n');
    const files = new FileHandleRegistry();
    const handler = createDroppedFileHandler(files);
    const fromApp = { senderFrame: { url: APP_ENTRY_URL } };
    const result = handler(fromApp, file);
    expect(result).toMatchObject({ ok: true, value: { name: 'articles.jsonl', kind: 'file', bytes: 13 } });
    if (result.ok) expect(files.resolve(result.value.handle).path).toBe(file);

    expect(handler({ senderFrame: { url: 'https://evil.example/' } }, file)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handler(fromApp, 'relative/path.txt')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(handler(fromApp, { path: file })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(handler(fromApp, join(dir, 'missing.txt'))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    mkdirSync(join(dir, 'brat'));
    expect(handler(fromApp, join(dir, 'brat'))).toMatchObject({ ok: true, value: { kind: 'folder' } });
  });

  it('turns only what the dialog returned into handles, and nothing when it was cancelled', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'text');
    const files = new FileHandleRegistry();
    files.setPicker(dialogPicker(() => Promise.resolve({ canceled: false, filePaths: [file] })));
    const picked = await files.pick(false);
    expect(picked).toHaveLength(1);
    expect(files.resolve(picked[0]?.handle ?? '').path).toBe(file);
    files.setPicker(dialogPicker(() => Promise.resolve({ canceled: true, filePaths: [] })));
    expect(await files.pick(false)).toEqual([]);
  });

  it('refuses an unknown handle', () => {
    expect(() => new FileHandleRegistry().resolve('nope')).toThrow(/no longer available/);
  });
});
