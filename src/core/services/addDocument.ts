import { createHash } from 'node:crypto';
import { WorkbenchError } from '../errors';
import { insertDocument, type NewDocument } from '../store/documents';
import { normalizationForm } from '../../shared/text/normalization';
import { codePointLength } from '../../shared/text/offsetMap';
import { LIMITS } from '../../shared/contract/limits';
import type { ServiceContext } from './context';

export type DocumentInput = {
  /** Kept when given (a canonical import keeps the exporting database's id); a new UUID otherwise. */
  id?: string;
  projectId: string;
  title: string;
  text: string;
  source?: string | null;
  publishedAt?: string | null;
  externalId?: string | null;
  metadata?: NewDocument['metadata'];
};

/** SHA-256 of a text's UTF-8 bytes, hex: the identity of a document across machines. */
export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Stores a document exactly as given. The text must already be decoded: well-formed UTF-16 (no
 * lone surrogates, which SQLite would silently turn into U+FFFD and shift every offset), no NUL
 * (SQLite's text functions stop at it), within the size limit. Returns the stored record.
 */
export function addDocument(ctx: ServiceContext, input: DocumentInput): NewDocument {
  if (!input.text.isWellFormed()) throw new WorkbenchError('invalid_input', `"${input.title}": the text contains a lone surrogate (broken UTF-16).`);
  const nul = input.text.indexOf('\u0000');
  if (nul >= 0) throw new WorkbenchError('invalid_input', `"${input.title}": the text contains a NUL character at UTF-16 offset ${nul}.`);
  const charCount = codePointLength(input.text);
  if (charCount > LIMITS.documentLength) {
    throw new WorkbenchError('too_large', `"${input.title}": ${charCount} characters is over the limit of ${LIMITS.documentLength}.`);
  }
  const document: NewDocument = {
    id: input.id ?? ctx.newId(),
    projectId: input.projectId,
    externalId: input.externalId ?? null,
    title: input.title,
    source: input.source ?? null,
    publishedAt: input.publishedAt ?? null,
    text: input.text,
    textSha256: textSha256(input.text),
    charCount,
    metadata: input.metadata ?? {},
    createdAt: ctx.now(),
  };
  insertDocument(ctx.db, document, normalizationForm(input.text));
  return document;
}
