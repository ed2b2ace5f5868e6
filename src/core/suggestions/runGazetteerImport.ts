import { basename, extname } from 'node:path';
import { WorkbenchError } from '../errors';
import type { JobControl } from '../import/runImport';
import { getGazetteer, writeGazetteer } from '../store/gazetteers';
import { clearSourceSuggestions } from '../store/suggestions';
import type { ServiceContext } from '../services/context';
import { activeProject, requireProject } from '../services/session';
import { GazetteerName, type GazetteerImportSummary } from '../../shared/contract/methods/gazetteers';
import { readGazetteerFile } from './gazetteerFile';
import { gazetteerSource } from './sources';

/** What a gazetteer import job is given: the file (already resolved from its handle) and the choices. */
export type GazetteerImportRequest = {
  path: string;
  fileName: string;
  name?: string | undefined;
  format?: 'csv' | 'jsonl' | undefined;
  projectId?: string | undefined;
};

/** A list's default name: its file name without the extension. */
export function defaultGazetteerName(fileName: string): string {
  const parsed = GazetteerName.safeParse(basename(fileName, extname(fileName)));
  if (!parsed.success) throw new WorkbenchError('invalid_input', `“${fileName}” does not make a gazetteer name; give one (no colon, at most 100 characters).`);
  return parsed.data;
}

/**
 * Reads and checks a gazetteer file, then replaces the list of that name in one transaction
 * (the suggestions the old list made are removed with it, answers are kept). A bad file throws
 * an ImportError naming the file, line and field, and nothing is written.
 */
export async function runGazetteerImport(ctx: ServiceContext, request: GazetteerImportRequest, control: JobControl): Promise<GazetteerImportSummary> {
  const project = request.projectId ? requireProject(ctx, request.projectId) : activeProject(ctx);
  const name = request.name ?? defaultGazetteerName(request.fileName);
  control.progress({ done: 0, total: 3, unit: 'items', phase: `Reading ${request.fileName}` });
  const content = await readGazetteerFile(request.path, request.fileName, project.schema, request.format);
  if (control.isCancelled()) throw new WorkbenchError('cancelled', 'The gazetteer import was cancelled; nothing was written.');
  control.progress({ done: 1, total: 3, unit: 'items', phase: `Writing ${content.entries.length} entries` });
  const id = ctx.newId();
  const { replaced, suggestionsRemoved } = ctx.db
    .transaction(() => {
      const previous = writeGazetteer(ctx.db, { id, projectId: project.id, name, fileName: request.fileName, now: ctx.now() }, content.entries);
      return { replaced: previous !== null, suggestionsRemoved: previous ? clearSourceSuggestions(ctx.db, project.id, gazetteerSource(name)) : 0 };
    })
    .immediate();
  control.progress({ done: 3, total: 3, unit: 'items', phase: 'Done' });
  const gazetteer = getGazetteer(ctx.db, id);
  if (!gazetteer) throw new Error(`gazetteer ${id} vanished after it was written`);
  const { projectId: _projectId, ...info } = gazetteer;
  return { gazetteer: info, replaced, duplicates: content.duplicates, suggestionsRemoved };
}
