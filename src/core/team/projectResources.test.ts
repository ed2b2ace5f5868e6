import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WorkbenchError } from '../errors';
import { openJobConnection } from '../jobs/openJobConnection';
import { activeProject } from '../services/session';
import { getSetting, setSetting } from '../store/settings';
import { openTestWorkbench, quietLogger } from '../testing/importHarness';
import { readZip } from '../testing/teamHarness';
import { createTempDirs } from '../testing/tempDir';
import type { Workbench } from '../workbench';
import { openPackage } from './openPackage';
import { exportProjectGazetteers, importProjectGazetteers } from '../suggestions/gazetteerTransfer';
import { listGazetteers } from '../store/gazetteers';
import type { ProjectResourceKind } from './projectResources';
import { writePackages } from './writePackages';

const tempDir = createTempDirs('awb-resources-');
const control = { isCancelled: () => false, progress: () => undefined };

/**
 * A resource kind made for this test (gazetteers are registered the same way): a list of
 * place names kept in a setting, so the test sees exactly what travelled.
 */
const places: ProjectResourceKind = {
  kind: 'test_places',
  description: 'test place names',
  exportFor: (ctx, projectId) => {
    const stored = getSetting(ctx.db, `places:${projectId}`);
    if (!stored) return null;
    const names = JSON.parse(stored) as string[];
    return { data: { names }, count: names.length };
  },
  importInto: (ctx, projectId, data) => {
    const parsed = z.strictObject({ names: z.array(z.string().max(100)).max(1000) }).safeParse(data);
    if (!parsed.success) throw new WorkbenchError('invalid_input', 'resources/test_places.json: not a list of names.');
    setSetting(ctx.db, `places:${projectId}`, JSON.stringify(parsed.data.names));
    return parsed.data.names.length;
  },
};

async function job<T>(workbench: Workbench, run: (ctx: Parameters<ProjectResourceKind['exportFor']>[0]) => Promise<T>): Promise<T> {
  const db = openJobConnection(workbench.dbPath);
  try {
    return await run({ db, logger: quietLogger, now: () => new Date().toISOString(), newId: randomUUID });
  } finally {
    db.close();
  }
}

describe('project resources travel in packages through the registry', () => {
  it('a registered kind is written beside the documents and read into the annotator’s project; a kind the reader does not know is named in a warning', async () => {
    const lead = await openTestWorkbench(tempDir());
    await lead.handlers['annotators.setLocal']({ name: 'Lead' });
    const ana = await lead.handlers['team.addAnnotator']({ name: 'Ana', role: 'annotator' });
    const projectId = activeProject(lead.context).id;
    setSetting(lead.db, `places:${projectId}`, JSON.stringify(['Erbil', 'Deir ez-Zor', 'الرقة']));
    const folder = join(tempDir(), 'packages');
    const summary = await job(lead, (ctx) =>
      writePackages(ctx, { filter: {}, annotatorIds: [ana.id], k: 1, seed: 1, target: { kind: 'exactly', path: folder } }, control, [places]),
    );
    const file = summary.packages[0]?.file ?? '';
    const entries = await readZip(file);
    expect(entries.map((entry) => entry.name)).toContain('resources/test_places.json');
    const manifest = JSON.parse(entries.find((entry) => entry.name === 'manifest.json')?.data.toString('utf8') ?? '{}') as { resources: unknown };
    expect(manifest.resources).toEqual([{ kind: 'test_places', path: 'resources/test_places.json', count: 3 }]);

    const knows = await openTestWorkbench(tempDir());
    const opened = await job(knows, (ctx) => openPackage(ctx, { path: { path: file, name: 'ana.awbpkg' }, adoptIdentity: false }, control, [places]));
    expect(opened.resources).toEqual([{ kind: 'test_places', count: 3 }]);
    expect(opened.warnings).toEqual([]);
    expect(JSON.parse(getSetting(knows.db, `places:${projectId}`) ?? '[]')).toEqual(['Erbil', 'Deir ez-Zor', 'الرقة']);

    const older = await openTestWorkbench(tempDir());
    const skipped = await job(older, (ctx) => openPackage(ctx, { path: { path: file, name: 'ana.awbpkg' }, adoptIdentity: false }, control, []));
    expect(skipped.resources).toEqual([]);
    expect(skipped.warnings).toEqual([expect.stringMatching(/“test_places” resources, which this version of the app does not know.*Update the app/)]);
    expect(skipped.documentsAdded).toBe(6);
    for (const workbench of [lead, knows, older]) workbench.close();
  });

  it('the lead’s gazetteers travel in every package by default and replace the annotator’s list of the same name', async () => {
    const lead = await openTestWorkbench(tempDir());
    await lead.handlers['annotators.setLocal']({ name: 'Lead' });
    const ana = await lead.handlers['team.addAnnotator']({ name: 'Ana', role: 'annotator' });
    const projectId = activeProject(lead.context).id;
    const militias = {
      name: 'militias',
      fileName: 'militias.csv',
      entries: [{ surface: 'al-Omar', label: 'ACTOR', attributes: {}, variants: ['Al Omar', 'العمر'], match: ['ignore-hyphens' as const] }],
    };
    importProjectGazetteers(lead.context, projectId, { format: 'awb-gazetteers', version: 1, gazetteers: [militias] });
    const folder = join(tempDir(), 'packages');
    const summary = await job(lead, (ctx) =>
      writePackages(ctx, { filter: {}, annotatorIds: [ana.id], k: 1, seed: 1, target: { kind: 'exactly', path: folder } }, control),
    );
    const file = summary.packages[0]?.file ?? '';
    expect((await readZip(file)).map((entry) => entry.name)).toContain('resources/gazetteers.json');

    const annotator = await openTestWorkbench(tempDir());
    const opened = await job(annotator, (ctx) => openPackage(ctx, { path: { path: file, name: 'ana.awbpkg' }, adoptIdentity: false }, control));
    expect(opened.resources).toEqual([{ kind: 'gazetteers', count: 1 }]);
    expect(listGazetteers(annotator.db, projectId).map((gazetteer) => gazetteer.name)).toEqual(['militias']);
    expect(exportProjectGazetteers(annotator.context, projectId)).toEqual(exportProjectGazetteers(lead.context, projectId));
    for (const workbench of [lead, annotator]) workbench.close();
  });
});
