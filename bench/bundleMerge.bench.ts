import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activeProject } from '../src/core/services/session';
import { addDocument } from '../src/core/services/addDocument';
import { insertAnnotation, type StoredAnnotation } from '../src/core/store/annotations';
import { bundleInto, mergeFiles } from '../src/core/testing/teamHarness';
import { openWorkbench } from '../src/core/workbench';
import { timeMs } from './lib/stats';
import type { Benchmark, BenchResult } from './lib/types';
import { manualSpan } from '../src/core/testing/fixtures';

const SPANS = 20_000;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Merging one annotator's bundle of 20,000 spans into the lead's database (zip checks, checksums,
 * per-span schema and text checks, the merge rule), first time and again (all unchanged), against
 * the floor: the same rows inserted straight into the same table in one transaction.
 */
const benchmark: Benchmark = {
  name: 'bundle merge',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'awb-bench-merge-'));
    try {
      const source = await openWorkbench(join(dir, 'annotator.db'), { logger: quiet });
      await source.handlers['annotators.setLocal']({ name: 'Bench' });
      const projectId = activeProject(source.context).id;
      const words = Array.from({ length: SPANS }, (_, i) => `word${i}`);
      const text = words.join(' ');
      const document = addDocument(source.context, { projectId, title: 'bench', text });
      source.close();
      // The lead's copy: the same project and document, no spans yet.
      copyFileSync(join(dir, 'annotator.db'), join(dir, 'lead.db'));
      copyFileSync(join(dir, 'annotator.db'), join(dir, 'floor.db'));

      const annotator = await openWorkbench(join(dir, 'annotator.db'), { logger: quiet });
      const annotatorId = annotator.db.prepare("SELECT value FROM app_setting WHERE key = 'local_annotator_id'").pluck().get() as string;
      const rows: StoredAnnotation[] = [];
      let offset = 0;
      for (const [i, word] of words.entries()) {
        rows.push(
          manualSpan({
            id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            documentId: document.id,
            annotatorId,
            start: offset,
            end: offset + word.length,
            label: 'LOCATION',
            attributes: { granularity: 'site' },
            quote: word,
            at: '2024-01-01T00:00:00.000Z',
          }),
        );
        offset += word.length + 1;
      }
      annotator.db.transaction(() => rows.forEach((row) => insertAnnotation(annotator.db, row)))();
      const bundle = await bundleInto(annotator, join(dir, 'bundles'));
      annotator.close();

      const lead = await openWorkbench(join(dir, 'lead.db'), { logger: quiet });
      const first = await timeMs(() => mergeFiles(lead, [bundle.file]));
      const again = await timeMs(() => mergeFiles(lead, [bundle.file]));
      lead.close();

      const floor = await openWorkbench(join(dir, 'floor.db'), { logger: quiet });
      const base = await timeMs(() => floor.db.transaction(() => rows.forEach((row) => insertAnnotation(floor.db, row)))());
      floor.close();

      return [
        {
          suite: 'team',
          name: `merge a bundle of ${SPANS} spans (first time)`,
          unit: 'ms',
          value: first,
          baseline: { name: 'the same rows inserted in one transaction', value: base },
          ratio: first / base,
        },
        {
          suite: 'team',
          name: `merge the same bundle again (${SPANS} unchanged)`,
          unit: 'ms',
          value: again,
          baseline: { name: 'the same rows inserted in one transaction', value: base },
          ratio: again / base,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
