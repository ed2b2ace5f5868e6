import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BundleWrittenSummary, MergeSummary, PackageOpened, PackagesSummary } from '../../shared/contract/methods/team';
import { runAwb } from '../../core/testing/processes';
import { createTempDirs } from '../../core/testing/tempDir';
import { openWorkbench } from '../../core/workbench';

const tempDir = createTempDirs('awb-cli-team-');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('awb package, awb bundle, awb merge', () => {
  it('lead writes packages, an annotator opens one and sends a bundle, the lead merges it; a damaged bundle is refused', async () => {
    const dir = tempDir();
    const leadDb = join(dir, 'lead.db');
    const anaDb = join(dir, 'ana.db');
    const packaged = await runAwb([
      'package',
      'write',
      '--add',
      'Ana,Ben',
      '--k',
      '2',
      '--seed',
      '3',
      '--out',
      join(dir, 'packages'),
      '--db',
      leadDb,
      '--json',
    ]);
    expect(packaged.stderr).toBe('');
    const packages = JSON.parse(packaged.stdout) as PackagesSummary;
    expect(packages.packages.map((item) => [item.annotatorName, item.documents])).toEqual([
      ['Ana', 6],
      ['Ben', 6],
    ]);

    const opened = await runAwb(['package', 'open', packages.packages[0]?.file ?? '', '--db', anaDb, '--json']);
    expect(opened.stderr).toBe('');
    expect(JSON.parse(opened.stdout) as PackageOpened).toMatchObject({ projectCreated: true, identity: 'adopted', documentsAdded: 6 });

    const ana = await openWorkbench(anaDb, { logger: quiet });
    const list = await ana.handlers['documents.list']({ projectId: packages.projectId, offset: 0, limit: 10, sort: 'order', direction: 'asc' });
    const documentId = list.rows[0]?.id ?? '';
    const { text } = await ana.handlers['documents.get']({ id: documentId });
    const word = /\p{L}{5,}/u.exec(text);
    const start = [...text.slice(0, word?.index ?? 0)].length;
    await ana.handlers['annotations.create']({ documentId, start, end: start + [...(word?.[0] ?? '')].length, label: 'LOCATION' });
    ana.close();

    const bundled = await runAwb(['bundle', '--out', join(dir, 'bundles'), '--db', anaDb, '--json']);
    expect(bundled.stderr).toBe('');
    const bundle = JSON.parse(bundled.stdout) as BundleWrittenSummary;
    expect(bundle).toMatchObject({ annotations: 1, annotator: { name: 'Ana' } });

    const damaged = join(dir, 'damaged.awbbundle');
    writeFileSync(damaged, 'PK\u0003\u0004 not really a zip');
    const merged = await runAwb(['merge', bundle.file, damaged, '--db', leadDb]);
    expect(merged.code).toBe(1);
    expect(merged.stdout).toMatch(/1 bundles merged, 1 refused/);
    expect(merged.stdout).toMatch(/annotations 1 new/);
    expect(merged.stdout).toMatch(/✗ damaged\.awbbundle: damaged\.awbbundle: not a complete annotation bundle/);

    const again = await runAwb(['merge', bundle.file, '--db', leadDb, '--json']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as MergeSummary).bundles[0]).toMatchObject({ alreadyMerged: true, annotations: { unchanged: 1, inserted: 0 } });
  }, 120_000);
});
