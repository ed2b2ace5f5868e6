import { addDocument } from '../services/addDocument';
import { activeProject } from '../services/session';
import type Database from 'better-sqlite3';
import { insertAnnotation, type StoredAnnotation } from '../store/annotations';
import type { Workbench } from '../workbench';

/** A logger that says nothing, for tests that provoke errors on purpose. */
export const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Fixture text made of numbered words ("w0 w1 w2 …"), so every word is a valid span on its own and
 * test spans never overlap. Written here, not taken from the seed articles.
 */
export function numberedWords(count: number, prefix = 'w'): string {
  return Array.from({ length: count }, (_, index) => `${prefix}${index}`).join(' ');
}

/** Code-point offsets of the words of a text (ASCII words, so code points equal UTF-16 units). */
export function wordOffsets(text: string): { start: number; end: number; word: string }[] {
  return [...text.matchAll(/[A-Za-z0-9]+/g)].map((match) => ({ start: match.index, end: match.index + match[0].length, word: match[0] }));
}

/** Sets the local annotator and adds one document of numbered words; returns its id and word offsets. */
export async function seedAnnotatable(
  workbench: Workbench,
  words = 200,
): Promise<{ documentId: string; words: { start: number; end: number; word: string }[] }> {
  await workbench.handlers['annotators.setLocal']({ name: 'Fixture Annotator' });
  const text = numberedWords(words);
  const document = addDocument(workbench.context, { projectId: activeProject(workbench.context).id, title: 'Numbered words', text });
  return { documentId: document.id, words: wordOffsets(text) };
}

/** The message inside an error envelope, a storage status's problem, or an HTTP body's envelope ('' when none). */
export function messageOf(value: unknown): string {
  const record = value as { error?: { message?: unknown }; problem?: { message?: unknown } | null; body?: unknown } | null;
  if (typeof record?.error?.message === 'string') return record.error.message;
  if (typeof record?.problem?.message === 'string') return record.problem.message;
  if (record?.body) return messageOf(record.body);
  return '';
}

type SpanFields = Pick<StoredAnnotation, 'id' | 'documentId' | 'annotatorId' | 'start' | 'end' | 'label' | 'quote'> &
  Partial<Pick<StoredAnnotation, 'layer' | 'attributes' | 'deleted'>>;

/**
 * A stored span as a person made it by hand (origin manual, revision 1, created and updated `at`),
 * for tests and benchmarks that write their data straight into the store.
 */
export function manualSpan(fields: SpanFields & { at: string }): StoredAnnotation {
  const { at, ...span } = fields;
  return { layer: 'annotator', attributes: {}, deleted: false, origin: 'manual', originSource: null, revision: 1, createdAt: at, updatedAt: at, ...span };
}

/** Writes a {@link manualSpan} straight into the store. */
export function insertManualSpan(db: Database.Database, fields: SpanFields & { at: string }): StoredAnnotation {
  const span = manualSpan(fields);
  insertAnnotation(db, span);
  return span;
}
