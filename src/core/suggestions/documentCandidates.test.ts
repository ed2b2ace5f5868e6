import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDocument } from '../services/addDocument';
import { defaultLabelSchema } from '../services/firstRun';
import { activeProject } from '../services/session';
import { createTempDirs } from '../testing/tempDir';
import { openWorkbench } from '../workbench';
import { casualtySource, documentCandidates, propagationSource, type SuggestionSource } from './sources';
import { buildSources } from './suggestionSources';

const tempDir = createTempDirs();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A real source whose scans are counted. */
function counted(source: SuggestionSource): { source: SuggestionSource; scans: () => number } {
  let scans = 0;
  return {
    source: {
      name: source.name,
      candidates: (scope) => {
        scans++;
        return source.candidates(scope);
      },
    },
    scans: () => scans,
  };
}

describe('documentCandidates', () => {
  const first = 'At least 12 people were killed in Erbil. Erbil airport closed.';
  const second = 'Three guards were wounded near Kirkuk.';

  it('scans a text once per source and again only for another text', () => {
    const casualty = counted(casualtySource(defaultLabelSchema())!);
    const propagation = counted(propagationSource([{ label: 'LOCATION', quote: 'Erbil', attributes: {} }]));
    const sources = [casualty.source, propagation.source];
    const once = documentCandidates(first, sources);
    expect(once.map((c) => `${c.source}:${c.quote}`)).toEqual(['casualty-rule:At least 12', 'propagation:Erbil', 'propagation:Erbil']);
    // The same text in another string (as each read from SQLite is): nothing is scanned again, the same candidates come back.
    expect(documentCandidates(Buffer.from(first).toString(), sources)).toEqual(once);
    expect([casualty.scans(), propagation.scans()]).toEqual([1, 1]);
    // A source built since (propagation after a span changed) scans; the kept one does not.
    const rebuilt = counted(propagationSource([{ label: 'LOCATION', quote: 'airport', attributes: {} }]));
    expect(documentCandidates(first, [casualty.source, rebuilt.source]).map((c) => c.quote)).toEqual(['At least 12', 'airport']);
    expect([casualty.scans(), rebuilt.scans()]).toEqual([1, 1]);
    // Another text is scanned; only the last text is remembered.
    expect(documentCandidates(second, sources).map((c) => c.quote)).toEqual(['Three']);
    documentCandidates(first, sources);
    expect([casualty.scans(), propagation.scans()]).toEqual([3, 3]);
  });
});

describe('buildSources for the editor (reuse)', () => {
  it('keeps the casualty rule (and so its candidates) until the schema changes, and propagation until a span changes', async () => {
    const workbench = await openWorkbench(join(tempDir(), 'sources.db'), { logger: quiet });
    const project = activeProject(workbench.context);
    const build = (chosen = project) => buildSources(workbench.db, chosen, ['casualty-rule', 'propagation'], true);
    const [casualty, propagation] = build();
    expect(build()).toEqual([casualty, propagation]);
    expect(build()[0]).toBe(casualty);
    expect(build()[1]).toBe(propagation);
    const relabelled = {
      ...project,
      schema: { ...project.schema, labels: project.schema.labels.map((label) => ({ ...label, description: `${label.description}.` })) },
    };
    expect(build(relabelled)[0]).not.toBe(casualty);
    await workbench.handlers['annotators.setLocal']({ name: 'Tester' });
    const { id: documentId } = addDocument(workbench.context, { projectId: project.id, title: 'Doc', text: 'Erbil was hit.' });
    await workbench.handlers['annotations.create']({ documentId, start: 0, end: 5, label: 'LOCATION' });
    expect(build()[1]).not.toBe(propagation);
    workbench.close();
  });
});
