import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SuggestSummary } from '../../shared/contract/methods/suggestions';
import { addDocument } from '../../core/services/addDocument';
import { activeProject } from '../../core/services/session';
import { openTestWorkbench } from '../../core/testing/importHarness';
import { runAwb } from '../../core/testing/processes';
import { createTempDirs } from '../../core/testing/tempDir';
import { openWorkbench } from '../../core/workbench';

const tempDir = createTempDirs();

describe('awb suggest', () => {
  it('writes suggestions for chosen documents from chosen sources, and refuses an unknown source by name', async () => {
    const dir = tempDir();
    const workbench = await openTestWorkbench(dir);
    const projectId = activeProject(workbench.context).id;
    const ids = ['Rockets hit Erbil; two guards were wounded.', 'Erbil airport was closed.'].map(
      (text, index) => addDocument(workbench.context, { projectId, title: `T${index}`, text }).id,
    );
    const list = join(dir, 'places.csv');
    writeFileSync(list, 'surface,label,granularity\nErbil,LOCATION,admin1\n');
    const { jobId } = await workbench.handlers['gazetteers.import']({ handle: workbench.files.registerPath(list, 'places.csv').handle });
    expect((await workbench.jobs.wait(jobId)).state).toBe('succeeded');
    const db = workbench.dbPath;
    await workbench.shutdown();

    const result = await runAwb(['suggest', '--db', db, '--documents', ids.join(','), '--sources', 'gazetteer:places,casualty-rule', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout) as SuggestSummary).toEqual({
      documents: 2,
      suggestions: 3,
      perSource: { 'gazetteer:places': 2, 'casualty-rule': 1 },
      sources: ['gazetteer:places', 'casualty-rule'],
    });
    const reopened = await openWorkbench(db);
    const stored = reopened.db.prepare('SELECT quote, source FROM suggestion ORDER BY document_id = ? DESC, start').all(ids[0]);
    expect(stored).toEqual([
      { quote: 'Erbil', source: 'gazetteer:places' },
      { quote: 'two', source: 'casualty-rule' },
      { quote: 'Erbil', source: 'gazetteer:places' },
    ]);
    reopened.close();

    const refused = await runAwb(['suggest', '--db', db, '--sources', 'gazetteer:nope']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Unknown suggestion source "gazetteer:nope"/);
  });
});
