import type { StoredAnnotation } from '../store/annotations';
import type { StatusRow } from '../store/documentStatus';

/**
 * The one ordering that decides which copy of an annotation (or a status) a merge keeps. It is a
 * total order over every stored column but the identity, so "keep the greater" is a maximum:
 * merging the same bundle twice changes nothing, and bundles merged in any order give the same
 * rows. docs/formats.md ("Merge rules") states it for users.
 *
 * 1. The higher revision wins (every edit, undo and redo raises it by one).
 * 2. Equal revisions (two installations edited the same span from the same base): a tombstone
 *    wins over a live span, so a deletion stays deleted.
 * 3. Then the later `updated_at` (ISO 8601 UTC, compared as text).
 * 4. Then the stored columns compared as text, in a fixed order (start, end, label, attributes
 *    JSON, quote, origin, origin source, created_at): arbitrary but the same on every machine.
 */
export function compareAnnotationVersions(a: StoredAnnotation, b: StoredAnnotation): number {
  return (
    a.revision - b.revision ||
    Number(a.deleted) - Number(b.deleted) ||
    compareText(a.updatedAt, b.updatedAt) ||
    a.start - b.start ||
    a.end - b.end ||
    compareText(a.label, b.label) ||
    compareText(JSON.stringify(a.attributes), JSON.stringify(b.attributes)) ||
    compareText(a.quote, b.quote) ||
    compareText(a.origin, b.origin) ||
    compareText(a.originSource ?? '', b.originSource ?? '') ||
    compareText(a.createdAt, b.createdAt)
  );
}

/** The same for statuses: higher revision, then later `updated_at`, then the status name. */
export function compareStatusVersions(a: StatusRow, b: StatusRow): number {
  return a.revision - b.revision || compareText(a.updatedAt, b.updatedAt) || compareText(a.status, b.status);
}

/** Whether two copies of an annotation are the same span (id, document, annotator, layer): only then can one replace the other. */
export function sameIdentity(a: StoredAnnotation, b: StoredAnnotation): boolean {
  return a.id === b.id && a.documentId === b.documentId && a.annotatorId === b.annotatorId && a.layer === b.layer;
}

/** Code-unit order, the same in every locale (never localeCompare). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
