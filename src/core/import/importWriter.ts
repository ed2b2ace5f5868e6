import type { ImportFileSummary, ImportIssue, ImportSummary } from '../../shared/contract/methods/imports';
import type { LabelSchema } from '../../shared/domain/labelSchema';
import { annotationExists, findOverlapping, insertAnnotation } from '../store/annotations';
import { findAnnotatorByName, getAnnotator, insertAnnotator } from '../store/annotators';
import { documentIdExists, findDocumentBySha } from '../store/documents';
import { setDocumentStatusIfAbsent } from '../store/documentStatus';
import { addDocument } from '../services/addDocument';
import type { ServiceContext } from '../services/context';
import type { PreparedDocument, PreparedSpan } from './prepareRecord';

const MAX_ISSUES = 500;

/** Counts for one file (unit) while it is imported. */
export type FileCounts = Omit<ImportFileSummary, 'name' | 'format' | 'status' | 'error'>;

export function emptyCounts(): FileCounts {
  return { documentsImported: 0, duplicates: 0, documentsSkipped: 0, spansImported: 0, spansSkipped: 0 };
}

/**
 * Writes prepared documents and their spans inside the caller's transaction: a document whose
 * text is already in the project is not stored again (a duplicate), and its spans go to the
 * existing document under their annotator; a span already present (same id, or same annotator,
 * offsets and label) is skipped, and so is one overlapping another of the same annotator when the
 * schema forbids overlaps.
 */
export class ImportWriter {
  readonly issues: ImportIssue[] = [];
  issuesOmitted = 0;
  private readonly annotators = new Map<string, { id: string; name: string; created: boolean }>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly projectId: string,
    private readonly schema: LabelSchema,
  ) {}

  /** Records an issue for the summary (the first {@link MAX_ISSUES} are listed, the rest counted). */
  issue(issue: ImportIssue): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push(issue);
    else this.issuesOmitted++;
  }

  /** Annotators the import used, for the summary. */
  annotatorList(): ImportSummary['annotators'] {
    const seen = new Map<string, ImportSummary['annotators'][number]>();
    for (const entry of this.annotators.values())
      seen.set(entry.id, { id: entry.id, name: entry.name, created: entry.created || seen.get(entry.id)?.created === true });
    return [...seen.values()];
  }

  /** Forgets annotators created inside a unit that was rolled back. */
  forgetCreatedSince(mark: number): void {
    const entries = [...this.annotators.entries()];
    entries.slice(mark).forEach(([key, entry]) => {
      if (entry.created) this.annotators.delete(key);
    });
  }

  get annotatorMark(): number {
    return this.annotators.size;
  }

  private annotatorId(annotator: { name: string; id?: string | undefined }): string {
    const key = annotator.id ? `id:${annotator.id}` : `name:${annotator.name}`;
    const cached = this.annotators.get(key);
    if (cached) return cached.id;
    const { db } = this.ctx;
    const existing = annotator.id ? getAnnotator(db, annotator.id) : findAnnotatorByName(db, annotator.name);
    let entry: { id: string; name: string; created: boolean };
    if (existing) entry = { id: existing.id, name: existing.name, created: false };
    else {
      const id = annotator.id ?? this.ctx.newId();
      insertAnnotator(db, { id, name: annotator.name, role: 'annotator', createdAt: this.ctx.now() });
      entry = { id, name: annotator.name, created: true };
    }
    this.annotators.set(key, entry);
    return entry.id;
  }

  /** Stores one document (or finds its duplicate) and its spans; updates the counts. */
  write(document: PreparedDocument, counts: FileCounts, defaultAnnotator: string): void {
    const { db } = this.ctx;
    const line = document.at.line ?? null;
    const existing = findDocumentBySha(db, this.projectId, document.textSha256);
    let documentId: string;
    if (existing) {
      documentId = existing.id;
      counts.duplicates++;
    } else {
      documentId = addDocument(this.ctx, {
        ...(document.id && !documentIdExists(db, document.id) ? { id: document.id } : {}),
        projectId: this.projectId,
        title: document.title,
        text: document.text,
        source: document.source,
        publishedAt: document.publishedAt,
        externalId: document.externalId,
        metadata: document.metadata,
      }).id;
      counts.documentsImported++;
    }
    let attached = 0;
    const finishedBy = new Set<string>();
    for (const span of document.spans) {
      const annotatorId = this.writeSpan(documentId, span, counts, defaultAnnotator);
      if (annotatorId === null) continue;
      attached++;
      if (span.layer === 'annotator') finishedBy.add(annotatorId);
    }
    // A file that carries an annotator's spans records finished work: the document counts as done
    // for them (agreement and the default "done only" export count done documents), unless they
    // already have a status for it.
    for (const annotatorId of finishedBy) setDocumentStatusIfAbsent(db, documentId, annotatorId, 'done', this.ctx.now());
    if (existing) {
      this.issue({
        file: document.at.file,
        line,
        kind: 'duplicate',
        message: `${line !== null ? `line ${line}` : document.at.file}: the same text is already in the project as “${existing.title}”; not imported again${
          document.spans.length > 0 ? `, ${attached} of its ${document.spans.length} span(s) attached to it` : ''
        }.`,
      });
    }
  }

  /** Stores one span; returns its annotator's id, or null when it was skipped. */
  private writeSpan(documentId: string, span: PreparedSpan, counts: FileCounts, defaultAnnotator: string): string | null {
    const { db } = this.ctx;
    const skip = (reason: string) => {
      counts.spansSkipped++;
      this.issue({ file: span.at.file, line: span.at.line ?? null, kind: 'skipped_span', message: `${describe(span)}: ${reason}` });
      return null;
    };
    if (span.id && annotationExists(db, span.id)) return skip(`span ${span.id} is already in the database.`);
    const annotatorId = this.annotatorId(span.annotator ?? { name: defaultAnnotator });
    const overlapping = findOverlapping(db, documentId, annotatorId, span.layer, span.start, span.end);
    if (overlapping.some((other) => other.start === span.start && other.end === span.end && other.label === span.label)) {
      return skip(`the same ${span.label} span “${span.quote}” is already there for this annotator.`);
    }
    const first = overlapping[0];
    if (first && !this.schema.allowOverlap)
      return skip(`it overlaps ${first.label} “${first.quote}” of the same annotator, and this project's spans may not overlap.`);
    const now = this.ctx.now();
    insertAnnotation(db, {
      id: span.id ?? this.ctx.newId(),
      documentId,
      annotatorId,
      layer: span.layer,
      start: span.start,
      end: span.end,
      label: span.label,
      attributes: span.attributes,
      quote: span.quote,
      origin: span.origin,
      originSource: span.originSource,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      deleted: false,
    });
    counts.spansImported++;
    return annotatorId;
  }
}

function describe(span: PreparedSpan): string {
  return [span.at.line !== undefined ? `line ${span.at.line}` : span.at.file, span.at.field].filter(Boolean).join(', ');
}
