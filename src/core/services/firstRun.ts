import defaultSchemaJson from '../../../resources/default-schema.json' with { type: 'json' };
import demoCorpusJson from '../../../resources/demo-corpus.json' with { type: 'json' };
import { z } from 'zod';
import { LabelSchema } from '../../shared/domain/labelSchema';
import { firstProjectId, insertProject } from '../store/projects';
import { setSetting, SETTING } from '../store/settings';
import { addDocument } from './addDocument';
import type { ServiceContext } from './context';

const DemoDocument = z.strictObject({
  externalId: z.string(),
  title: z.string(),
  source: z.string(),
  publishedAt: z.string(),
  text: z.string(),
});

/** The default label schema of the annotation guidelines, validated. */
export function defaultLabelSchema(): LabelSchema {
  return LabelSchema.parse(defaultSchemaJson);
}

/**
 * On a database with no project: creates the default project with the guidelines' schema and
 * the demo corpus, in one transaction, and makes it active. Returns the project id either way.
 */
export function ensureDefaultProject(ctx: ServiceContext): string {
  const existing = firstProjectId(ctx.db);
  if (existing) return existing;
  const demo = z.array(DemoDocument).parse(demoCorpusJson);
  return ctx.db.transaction(() => {
    const now = ctx.now();
    const projectId = ctx.newId();
    insertProject(ctx.db, { id: projectId, name: 'Conflict news (demo)', schema: defaultLabelSchema(), createdAt: now, updatedAt: now });
    for (const document of demo) addDocument(ctx, { projectId, ...document, metadata: { language: /[\u0600-\u06ff]/.test(document.text) ? 'ar' : 'en' } });
    setSetting(ctx.db, SETTING.activeProjectId, projectId);
    return projectId;
  })();
}
