import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { Id } from '../schemas';
import { Annotation } from './annotations';

/** What undo and redo can do next in a document. */
export const HistoryStatus = z.object({
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  /** What an undo would revert ("Label “Tower 22” LOCATION"), or null. */
  undoDescription: z.string().nullable(),
  redoDescription: z.string().nullable(),
});
export type HistoryStatus = z.infer<typeof HistoryStatus>;

/** The outcome of an undo or redo: the spans it changed (or revived) and those it removed. */
export const HistoryResult = z.object({
  applied: z.boolean(),
  description: z.string().nullable(),
  upserted: z.array(Annotation),
  removed: z.array(Id),
  status: HistoryStatus,
});
export type HistoryResult = z.infer<typeof HistoryResult>;

const DocumentInput = z.strictObject({ documentId: Id });

export const historyMethods = {
  'history.status': defineMethod({
    description: "Whether the local annotator's edits in a document can be undone or redone, and what that would do.",
    input: DocumentInput,
    output: HistoryStatus,
  }),
  'history.undo': defineMethod({
    description: "Reverts the local annotator's latest edit in a document, durably (revisions rise). The history survives restarts.",
    input: DocumentInput,
    output: HistoryResult,
  }),
  'history.redo': defineMethod({
    description: 'Re-applies the edit undone last in a document, durably.',
    input: DocumentInput,
    output: HistoryResult,
  }),
};
