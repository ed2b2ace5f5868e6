import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSeeds } from '../testing/seeds';
import { createTempDirs } from '../testing/tempDir';
import { openWorkbench } from '../workbench';
import { addDocument } from './addDocument';
import { activeProject } from './session';

const tempDir = createTempDirs();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

// Count phrases as they occur in the seed articles (only the short number phrases are written here).
const PHRASES: [phrase: string, value: number | undefined, qualifier: string][] = [
  ['three', 3, 'exact'],
  ['at least 40', 40, 'at_least'],
  ['more than 40', 40, 'more_than'],
  ['At least 18', 18, 'at_least'],
  ['nearly 70', 70, 'nearly'],
  ['nearly 25,105', 25105, 'nearly'],
  ['62,681', 62681, 'exact'],
  ['no deaths', 0, 'exact'],
  ['no fatalities', 0, 'exact'],
  ['one', 1, 'exact'],
  ['dozens', 12, 'vague'],
  ['3', 3, 'exact'],
];

describe('CASUALTY_COUNT pre-fill on the seed articles', () => {
  it.each(PHRASES)('a span over %j in a seed article is stored with value %j, qualifier %s', async (phrase, value, qualifier) => {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u');
    const seed = readSeeds().find((candidate) => pattern.test(candidate.text));
    expect(seed, `no seed article contains "${phrase}"`).toBeDefined();
    if (!seed) return;
    const workbench = await openWorkbench(join(tempDir(), 'prefill.db'), { logger: quiet });
    await workbench.handlers['annotators.setLocal']({ name: 'Tester' });
    const document = addDocument(workbench.context, { projectId: activeProject(workbench.context).id, title: seed.name, text: seed.text });
    const at = pattern.exec(seed.text)?.index ?? -1;
    const start = [...seed.text.slice(0, at)].length;
    const span = await workbench.handlers['annotations.create']({ documentId: document.id, start, end: start + [...phrase].length, label: 'CASUALTY_COUNT' });
    expect(span.quote).toBe(phrase);
    expect(span.attributes.value).toBe(value);
    expect(span.attributes.qualifier).toBe(qualifier);
    workbench.close();
  });
});
