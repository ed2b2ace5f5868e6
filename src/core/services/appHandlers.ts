import { getAnnotator, insertAnnotator, renameAnnotator } from '../store/annotators';
import { setSetting, SETTING } from '../store/settings';
import { APP_VERSION } from '../version';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import { activeProject, localAnnotatorId } from './session';

/** Start-up and identity methods. */
export function appHandlers(ctx: ServiceContext): Pick<Handlers, 'app.bootstrap' | 'annotators.setLocal'> {
  return {
    'app.bootstrap': () => {
      const annotatorId = localAnnotatorId(ctx);
      return { version: APP_VERSION, project: activeProject(ctx), annotator: annotatorId ? getAnnotator(ctx.db, annotatorId) : null };
    },
    'annotators.setLocal': ({ name }) =>
      ctx.db
        .transaction(() => {
          const existing = localAnnotatorId(ctx);
          if (existing) {
            renameAnnotator(ctx.db, existing, name);
          } else {
            const id = ctx.newId();
            insertAnnotator(ctx.db, { id, name, role: 'annotator', createdAt: ctx.now() });
            setSetting(ctx.db, SETTING.localAnnotatorId, id);
          }
          const annotator = getAnnotator(ctx.db, localAnnotatorId(ctx) ?? '');
          if (!annotator) throw new Error('the local annotator vanished while being saved');
          return annotator;
        })
        .immediate(), // reads then writes: take the lock at BEGIN so a job's open transaction is waited for
  };
}
