import { z } from 'zod';
import { LabelSchema } from '../../domain/labelSchema';
import { defineMethod } from '../defineMethod';
import { Id, Name, Timestamp } from '../schemas';

export const Annotator = z.object({
  id: Id,
  name: Name,
  role: z.enum(['annotator', 'adjudicator', 'lead']),
  createdAt: Timestamp,
});
export type Annotator = z.infer<typeof Annotator>;

export const Project = z.object({
  id: Id,
  name: Name,
  schema: LabelSchema,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Project = z.infer<typeof Project>;

export const appMethods = {
  'app.bootstrap': defineMethod({
    description:
      'Everything the window needs to start: the version, the active project with its label schema, and the local annotator (null until the first-run question is answered).',
    input: z.strictObject({}),
    output: z.object({
      version: z.string(),
      project: Project,
      annotator: Annotator.nullable(),
    }),
  }),
  'annotators.setLocal': defineMethod({
    description: "Sets this installation's annotator name, creating the annotator on first use.",
    input: z.strictObject({ name: Name }),
    output: Annotator,
  }),
};
