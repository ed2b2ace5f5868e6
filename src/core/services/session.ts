import { WorkbenchError } from '../errors';
import { getAnnotator } from '../store/annotators';
import { firstProjectId, getProject } from '../store/projects';
import { getSetting, SETTING } from '../store/settings';
import type { Project } from '../../shared/contract/methods/app';
import type { ServiceContext } from './context';

/** The id of this installation's annotator, or null before the first-run question is answered. */
export function localAnnotatorId(ctx: ServiceContext): string | null {
  const id = getSetting(ctx.db, SETTING.localAnnotatorId);
  return id && getAnnotator(ctx.db, id) ? id : null;
}

/** The local annotator's id; throws when none is set, since every edit must carry one. */
export function requireLocalAnnotatorId(ctx: ServiceContext): string {
  const id = localAnnotatorId(ctx);
  if (!id) throw new WorkbenchError('forbidden', 'Enter your annotator name first: every span records who made it.');
  return id;
}

/** The project the window works on. */
export function activeProject(ctx: ServiceContext): Project {
  const id = getSetting(ctx.db, SETTING.activeProjectId) ?? firstProjectId(ctx.db);
  const project = id ? getProject(ctx.db, id) : null;
  if (!project) throw new WorkbenchError('not_found', 'This database has no project yet.');
  return project;
}

/** A project by id, or a not_found error naming it. */
export function requireProject(ctx: ServiceContext, id: string): Project {
  const project = getProject(ctx.db, id);
  if (!project) throw new WorkbenchError('not_found', `No project with id ${id}.`);
  return project;
}
