import { closeSync, copyFileSync, ftruncateSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { activeProject } from '../services/session';
import { openTestWorkbench } from '../testing/importHarness';
import { bundleInto, dumpTeamData, mergeFiles, openPackageFile, packagesInto, readZip, rewriteBundle, writeZip } from '../testing/teamHarness';
import { createTempDirs } from '../testing/tempDir';
import type { Workbench } from '../workbench';

const tempDir = createTempDirs('awb-bundle-faults-');

type Setup = { lead: Workbench; bundle: string; spans: number; documentId: string };

/** One lead and one annotator who made two spans (one deleted) in one document and wrote a bundle. */
async function setUp(): Promise<Setup> {
  const lead = await openTestWorkbench(tempDir());
  await lead.handlers['annotators.setLocal']({ name: 'Lead' });
  const ana = await lead.handlers['team.addAnnotator']({ name: 'Ana', role: 'annotator' });
  const project = activeProject(lead.context);
  const packages = await packagesInto(lead, { projectId: project.id, filter: {}, annotatorIds: [ana.id], k: 1, seed: 1 }, join(tempDir(), 'pkg'));
  const app = await openTestWorkbench(tempDir());
  await openPackageFile(app, packages.packages[0]?.file ?? '');
  const list = await app.handlers['documents.list']({ projectId: project.id, offset: 0, limit: 10, sort: 'order', direction: 'asc' });
  const documentId = list.rows[0]?.id ?? '';
  const { text } = await app.handlers['documents.get']({ id: documentId });
  const words = [...text.matchAll(/\p{L}{5,}/gu)].slice(0, 2);
  for (const [index, word] of words.entries()) {
    const start = [...text.slice(0, word.index)].length;
    const span = await app.handlers['annotations.create']({ documentId, start, end: start + [...word[0]].length, label: 'LOCATION' });
    if (index === 1) await app.handlers['annotations.delete']({ id: span.id });
  }
  const written = await bundleInto(app, join(tempDir(), 'bundles'));
  app.close();
  return { lead, bundle: written.file, spans: words.length, documentId };
}

let setup: Setup;
beforeEach(async () => {
  setup = await setUp();
});

/** Merges one file and expects it refused whole with nothing written. */
async function expectRefused(path: string, code: string, message: RegExp) {
  const before = dumpTeamData(setup.lead.db);
  const summary = await mergeFiles(setup.lead, [path]);
  expect(summary.totals).toMatchObject({ bundlesMerged: 0, bundlesRefused: 1 });
  expect(summary.bundles[0]?.error).toMatchObject({ code });
  expect(summary.bundles[0]?.error?.message).toMatch(message);
  expect(dumpTeamData(setup.lead.db)).toBe(before);
}

const copy = (name: string) => {
  const path = join(tempDir(), name);
  copyFileSync(setup.bundle, path);
  return path;
};

describe('bundle faults: refused as a whole, nothing merged', () => {
  it('a truncated bundle (every cut point class: no central directory, cut inside data)', async () => {
    const size = statSync(setup.bundle).size;
    for (const keep of [0, 10, Math.floor(size / 2), size - 30]) {
      const path = copy(`truncated-${keep}.awbbundle`);
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, keep);
      closeSync(fd);
      await expectRefused(path, 'invalid_input', /truncated-\d+\.awbbundle: not a complete annotation bundle/);
    }
  });

  it('a tampered entry whose checksum no longer matches the manifest', async () => {
    const path = await rewriteBundle(
      setup.bundle,
      join(tempDir(), 'tampered.awbbundle'),
      (entries) => entries.set('annotations.jsonl', (entries.get('annotations.jsonl') ?? '').replace('"LOCATION"', '"ACTOR"   ')),
      false,
    );
    await expectRefused(path, 'invalid_input', /checksum of "annotations.jsonl" does not match the manifest/);
  });

  it('a tampered entry of another size than the manifest says', async () => {
    const path = await rewriteBundle(
      setup.bundle,
      join(tempDir(), 'resized.awbbundle'),
      (entries) => entries.set('statuses.jsonl', `${entries.get('statuses.jsonl') ?? ''}\n`),
      false,
    );
    await expectRefused(path, 'invalid_input', /"statuses.jsonl" is \d+ bytes but the manifest says \d+/);
  });

  it('a flipped byte inside the compressed data (the zip CRC or the checksum catches it)', async () => {
    const path = copy('flipped.awbbundle');
    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from('annotations.jsonl')) + 'annotations.jsonl'.length + 8;
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    await expectRefused(path, 'invalid_input', /flipped\.awbbundle/);
  });

  it('a counted row removed with the checksums re-signed (the manifest counts disagree)', async () => {
    const path = await rewriteBundle(
      setup.bundle,
      join(tempDir(), 'recounted.awbbundle'),
      (entries) => entries.set('annotations.jsonl', `${(entries.get('annotations.jsonl') ?? '').split('\n')[0] ?? ''}\n`),
      true,
    );
    await expectRefused(path, 'invalid_input', /holds 1 annotations but its manifest says 2/);
  });

  it('an oversized bundle: a file over the size limit, and an entry that would expand like a zip bomb', async () => {
    const huge = join(tempDir(), 'huge.awbbundle');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 4 * 1024 * 1024 * 1024 + 1); // sparse: no disk is used
    closeSync(fd);
    await expectRefused(huge, 'too_large', /over the annotation bundle limit/);

    const entries = await readZip(setup.bundle);
    const bomb = join(tempDir(), 'bomb.awbbundle');
    await writeZip(
      bomb,
      entries.map((entry) => (entry.name === 'statuses.jsonl' ? { name: entry.name, data: Buffer.alloc(64 * 1024 * 1024, 0x20) } : entry)),
    );
    await expectRefused(bomb, 'too_large', /would expand \d+ times/);
  });

  it('an entry that climbs out of the archive, or is not part of a bundle', async () => {
    const entries = await readZip(setup.bundle);
    const renamed = join(tempDir(), 'traversal.awbbundle');
    await writeZip(renamed, [...entries.filter((entry) => entry.name !== 'statuses.jsonl'), { name: 'zz/evil.txt', data: Buffer.from('x') }]);
    // Make the name "../evil.txt" in both the local header and the central directory (yazl refuses to write it).
    const bytes = readFileSync(renamed);
    let at = bytes.indexOf('zz/evil.txt');
    while (at >= 0) {
      bytes.write('..', at, 'latin1');
      at = bytes.indexOf('zz/evil.txt', at + 1);
    }
    writeFileSync(renamed, bytes);
    await expectRefused(renamed, 'invalid_input', /traversal\.awbbundle: refused: .*\.\./);

    const extra = join(tempDir(), 'extra.awbbundle');
    await writeZip(extra, [...entries, { name: 'notes.txt', data: Buffer.from('x') }]);
    await expectRefused(extra, 'too_large', /entries is over the annotation bundle limit/);

    const other = join(tempDir(), 'other.awbbundle');
    await writeZip(other, [...entries.filter((entry) => entry.name !== 'statuses.jsonl'), { name: 'notes.txt', data: Buffer.from('x') }]);
    await expectRefused(other, 'invalid_input', /has no entry called "notes.txt"/);
  });

  it('a bundle of another schema version is refused and named', async () => {
    const path = await rewriteBundle(
      setup.bundle,
      join(tempDir(), 'schema.awbbundle'),
      (entries) => {
        const manifest = JSON.parse(entries.get('manifest.json') ?? '{}') as { schema_version: number };
        manifest.schema_version += 1;
        entries.set('manifest.json', JSON.stringify(manifest));
      },
      true,
    );
    await expectRefused(path, 'conflict', /version \d+ of the label schema, but the project here is at version \d+/);
  });

  it('a newer bundle format is refused with "update the app"; a package is not a bundle', async () => {
    const path = await rewriteBundle(
      setup.bundle,
      join(tempDir(), 'newer.awbbundle'),
      (entries) => {
        const manifest = JSON.parse(entries.get('manifest.json') ?? '{}') as { format_version: number };
        manifest.format_version = 2;
        entries.set('manifest.json', JSON.stringify(manifest));
      },
      true,
    );
    await expectRefused(path, 'unsupported', /Update the app/);
  });

  it('a document whose text hash differs is left out and listed with every annotation it carried; the rest merges', async () => {
    const path = await rewriteBundle(
      setup.bundle,
      join(tempDir(), 'mismatch.awbbundle'),
      (entries) =>
        entries.set('documents.jsonl', (entries.get('documents.jsonl') ?? '').replace(/"text_sha256":"[0-9a-f]{64}"/, `"text_sha256":"${'0'.repeat(64)}"`)),
      true,
    );
    const before = dumpTeamData(setup.lead.db);
    const summary = await mergeFiles(setup.lead, [path]);
    const report = summary.bundles[0];
    expect(report?.status).toBe('merged');
    expect(report?.leftOutDocuments).toEqual([
      expect.objectContaining({ documentId: setup.documentId, reason: 'text_mismatch', annotations: setup.spans, statuses: 1 }),
    ]);
    expect(report?.leftOutAnnotations).toHaveLength(setup.spans);
    expect(report?.annotations).toMatchObject({ inserted: 0, leftOut: setup.spans });
    // Only the record of the merge and the annotator were written: no span, no status.
    expect(setup.lead.db.prepare('SELECT count(*) AS n FROM annotation WHERE document_id = ?').get(setup.documentId)).toEqual({ n: 0 });
    expect(dumpTeamData(setup.lead.db)).not.toBe(before);
  });

  it('a bad bundle among good ones is refused alone; the good one merges', async () => {
    const bad = copy('bad.awbbundle');
    const fd = openSync(bad, 'r+');
    ftruncateSync(fd, 100);
    closeSync(fd);
    const summary = await mergeFiles(setup.lead, [bad, setup.bundle]);
    expect(summary.bundles.map((report) => report.status)).toEqual(['refused', 'merged']);
    expect(setup.lead.db.prepare('SELECT count(*) AS n FROM annotation WHERE document_id = ?').get(setup.documentId)).toEqual({ n: setup.spans });
  });

  it('a different file under an id already merged is refused', async () => {
    await mergeFiles(setup.lead, [setup.bundle]);
    const path = await rewriteBundle(setup.bundle, join(tempDir(), 'same-id.awbbundle'), (entries) => entries.set('statuses.jsonl', ''), true);
    const recount = await rewriteBundle(
      path,
      join(tempDir(), 'same-id-2.awbbundle'),
      (entries) => {
        const manifest = JSON.parse(entries.get('manifest.json') ?? '{}') as { counts: { statuses: number } };
        manifest.counts.statuses = 0;
        entries.set('manifest.json', JSON.stringify(manifest));
      },
      true,
    );
    await expectRefused(recount, 'invalid_input', /a different file with the same bundle id/);
  });
});
