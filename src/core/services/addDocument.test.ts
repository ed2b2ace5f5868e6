import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../errors';
import { quietLogger } from '../testing/fixtures';
import { assertAcceptsOrRefusesCleanly, databaseFingerprint } from '../testing/fuzz';
import { createTempDirs } from '../testing/tempDir';
import { openWorkbench } from '../workbench';
import { addDocument } from './addDocument';
import { activeProject } from './session';

// Reference §4 cases 6 and 7 at the store's door, which every importer (issue 4) goes through.
const tempDir = createTempDirs('awb-add-document-');

async function setUp() {
  const workbench = await openWorkbench(join(tempDir(), 'documents.db'), { logger: quietLogger });
  return { workbench, projectId: activeProject(workbench.context).id };
}

describe('addDocument', () => {
  it.each([
    ['a NUL character', 'before\u0000after', /NUL character at UTF-16 offset 6/],
    ['a lone surrogate', 'broken \ud83d emoji', /lone surrogate/],
  ])('refuses text with %s, naming the document, and stores nothing', async (_name, text, message) => {
    const { workbench, projectId } = await setUp();
    const before = databaseFingerprint(workbench.db);
    expect(() => addDocument(workbench.context, { projectId, title: 'Bad text', text })).toThrow(message);
    expect(() => addDocument(workbench.context, { projectId, title: 'Bad text', text })).toThrow(/"Bad text"/);
    expect(databaseFingerprint(workbench.db)).toBe(before);
    workbench.close();
  });

  it('accepts any well-formed text or refuses it cleanly (property, with the shared helper)', async () => {
    const { workbench, projectId } = await setUp();
    await assertAcceptsOrRefusesCleanly({
      db: workbench.db,
      arbitrary: fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary-ascii' })),
      run: (text) => addDocument(workbench.context, { projectId, title: 'Fuzzed', text }),
      // A second copy of a text is refused by the schema's UNIQUE(project, text hash); issue 4 reports it as a duplicate.
      isOwnError: (error) => error instanceof WorkbenchError || (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE',
      onAccepted: (text, stored) => {
        const row = workbench.db.prepare('SELECT text, char_count FROM document WHERE id = ?').get((stored as { id: string }).id) as {
          text: string;
          char_count: number;
        };
        // Stored exactly, and its length in code points is what offsets will count.
        expect(row).toEqual({ text, char_count: [...text].length });
        // Keep the table small so the before/after fingerprints stay cheap over a thousand runs.
        workbench.db.prepare('DELETE FROM document WHERE id = ?').run((stored as { id: string }).id);
      },
    });
    workbench.close();
  });
});
