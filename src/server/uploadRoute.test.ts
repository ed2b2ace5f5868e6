import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FileHandle, ImportPreview } from '../shared/contract/methods/imports';
import type { RunningServer } from './createServer';
import { useTestServers } from './testing/testServers';

const TOKEN = 'upload-token-0123456789abcdef';
const startServerFor = useTestServers(TOKEN);
const start = (uploadBytes?: number) => startServerFor({ uploads: true, ...(uploadBytes ? { uploadBytes } : {}) });

function upload(server: RunningServer, name: string, body: string | Buffer, token = TOKEN) {
  return fetch(`${server.url}upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
    body,
  });
}

describe('POST /upload (the browser host hands import a file)', () => {
  it('streams the file to a private temporary copy and answers with a handle the import accepts', async () => {
    const { server, workbench } = await start();
    const response = await upload(server, '../../etc/articles.jsonl', '{"text":"Sappers cleared the road near Orikhiv."}\n');
    expect(response.status).toBe(200);
    const { value } = (await response.json()) as { ok: true; value: FileHandle };
    expect(value).toMatchObject({ name: '.._.._etc_articles.jsonl', kind: 'file', bytes: 50 });
    const stored = workbench.files.resolve(value.handle).path;
    expect(stored.includes('awb-uploads-')).toBe(true);
    const preview = await workbench.dispatch('import.preview', { handles: [value.handle] });
    expect(preview).toMatchObject({ ok: true, value: { format: 'jsonl' } });
    expect((preview as { value: ImportPreview }).value.documents[0]?.excerpt).toBe('Sappers cleared the road near Orikhiv.');
    const started = await workbench.dispatch('import.start', { handles: [value.handle] });
    const jobId = (started as { value: { jobId: string } }).value.jobId;
    expect(await workbench.jobs.wait(jobId)).toMatchObject({ state: 'succeeded' });
    // The uploaded copy is deleted once it has been imported.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(stored)).toBe(false);
  });

  it('refuses uploads without the token, over the size cap, or of the wrong type', async () => {
    const { server } = await start(1024);
    expect((await upload(server, 'a.txt', 'text', 'wrong-token-0123456789')).status).toBe(401);
    const big = await upload(server, 'big.txt', Buffer.alloc(4096, 'a'));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ ok: false, error: { code: 'too_large' } });
    const typed = await fetch(`${server.url}upload?name=a.txt`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` },
      body: 'x',
    });
    expect(typed.status).toBe(415);
    expect((await upload(server, '', 'x')).status).toBe(400);
  });
});
