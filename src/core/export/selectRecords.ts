import type { DocumentStatus } from '../../shared/contract/methods/documents';
import type { ExportLayer, ExportSplit } from '../../shared/contract/methods/exports';
import type { AttributeValue } from '../../shared/contract/schemas';
import { normalizationForm } from '../../shared/text/normalization';
import { adjudicationsOfPage, type AdjudicationState } from '../store/adjudication';
import { documentPage, spansOfPage, statusesOfPage, type DateRange, type ExportDocumentRow, type ExportSpanRow } from '../store/exportReads';
import type { Db } from '../store/types';
import type { AnnotatorRef, ExportDocument, ExportRecord, ExportSpan } from './exportTypes';
import { majorityVote, type MajorityTie } from './majorityVote';
import { splitOf } from './split';

const NO_ADJUDICATIONS: ReadonlyMap<string, AdjudicationState> = new Map();

/** Documents read per page: a page and its spans are all an export holds in memory. */
export const PAGE_SIZE = 256;
const TIE_EXAMPLES = 20;

export type Selection = {
  projectId: string;
  layer: ExportLayer;
  statuses: ReadonlySet<DocumentStatus>;
  /** Chosen labels; null for every label. */
  labels: ReadonlySet<string> | null;
  range: DateRange;
  split: ExportSplit | null;
};

/** What the selection left out along the way, for the summary and the manifest. */
export type SelectionStats = {
  documentsRead: number;
  documentsSkippedByStatus: number;
  spansNotChosen: number;
  majorityTies: number;
  majorityTieExamples: MajorityTie[];
  majorityAttributeTies: number;
  singleVoterDocuments: number;
};

export function emptySelectionStats(): SelectionStats {
  return {
    documentsRead: 0,
    documentsSkippedByStatus: 0,
    spansNotChosen: 0,
    majorityTies: 0,
    majorityTieExamples: [],
    majorityAttributeTies: 0,
    singleVoterDocuments: 0,
  };
}

type AnnotatorInfo = { name: string; role: string };

function toDocument(row: ExportDocumentRow): ExportDocument {
  return {
    id: row.id,
    externalId: row.external_id,
    title: row.title,
    source: row.source,
    publishedAt: row.published_at,
    text: row.text,
    textSha256: row.text_sha256,
    normalization: row.normalization ?? normalizationForm(row.text),
    metadata: JSON.parse(row.metadata_json) as Record<string, unknown>,
  };
}

/**
 * The records an export writes, one document at a time, read page by page (so memory stays flat):
 * for each document of the project in the date range, the spans of the chosen layer from the
 * annotators whose status for it is one of the chosen ones. docs/formats.md ("Export: choices")
 * states the rules; in short, a document's status is per annotator (no row counts as `todo`),
 * and the gold layer's status is that of its authors and of the project's adjudicators.
 */
export function* selectRecords(
  db: Db,
  selection: Selection,
  annotators: ReadonlyMap<string, AnnotatorInfo>,
  stats: SelectionStats,
  onPage: () => void = () => undefined,
): Generator<ExportRecord> {
  const ref = (id: string): AnnotatorRef => ({ id, name: annotators.get(id)?.name ?? id });
  let after = 0;
  for (;;) {
    const page = documentPage(db, selection.projectId, selection.range, after, PAGE_SIZE);
    const last = page.at(-1);
    if (!last) return;
    const spanRows = new Map<string, ExportSpanRow[]>();
    for (const row of spansOfPage(db, selection.projectId, after, last.seq)) {
      const list = spanRows.get(row.document_id);
      if (list) list.push(row);
      else spanRows.set(row.document_id, [row]);
    }
    const statusRows = new Map<string, Map<string, DocumentStatus>>();
    for (const row of statusesOfPage(db, selection.projectId, after, last.seq)) {
      let map = statusRows.get(row.document_id);
      if (!map) {
        map = new Map();
        statusRows.set(row.document_id, map);
      }
      map.set(row.annotator_id, row.status);
    }
    const adjudications = selection.layer.kind === 'gold' ? adjudicationsOfPage(db, selection.projectId, after, last.seq) : NO_ADJUDICATIONS;
    after = last.seq;
    onPage();
    for (const row of page) {
      stats.documentsRead++;
      const statuses = statusRows.get(row.id) ?? new Map<string, DocumentStatus>();
      const record = recordOf(row, spanRows.get(row.id) ?? [], statuses, adjudications.get(row.id) ?? null, selection, annotators, ref, stats);
      if (record) yield record;
      else stats.documentsSkippedByStatus++;
    }
  }
}

function recordOf(
  row: ExportDocumentRow,
  rows: ExportSpanRow[],
  statuses: ReadonlyMap<string, DocumentStatus>,
  adjudication: AdjudicationState | null,
  selection: Selection,
  annotators: ReadonlyMap<string, AnnotatorInfo>,
  ref: (id: string) => AnnotatorRef,
  stats: SelectionStats,
): ExportRecord | null {
  const chosen = (annotatorId: string) => selection.statuses.has(statuses.get(annotatorId) ?? 'todo');
  const { layer } = selection;
  let spanRows: ExportSpanRow[];
  let authors: string[];
  if (layer.kind === 'annotator') {
    if (!chosen(layer.annotatorId)) return null;
    authors = [layer.annotatorId];
    spanRows = rows.filter((span) => span.layer === 'annotator' && span.annotator_id === layer.annotatorId);
  } else if (layer.kind === 'gold') {
    spanRows = rows.filter((span) => span.layer === 'gold');
    authors = [...new Set(spanRows.map((span) => span.annotator_id))];
    if (adjudication !== null) {
      // Adjudicated in this workbench: the gold layer's status is the adjudication's (adjudicated = done).
      if (!selection.statuses.has(adjudication)) return null;
    } else {
      const adjudicators = [...statuses.keys()].filter((id) => annotators.get(id)?.role === 'adjudicator');
      if (![...new Set([...authors, ...adjudicators])].some(chosen)) return null;
    }
  } else {
    // Every annotator who has spans in the document or a status for it (an adjudicator's status
    // is about the gold layer, so an adjudicator counts only with spans of their own here), and
    // whose status is chosen.
    const withSpans = rows.filter((span) => span.layer === 'annotator').map((span) => span.annotator_id);
    const withStatus = [...statuses.keys()].filter((id) => annotators.get(id)?.role !== 'adjudicator');
    const candidates = [...new Set([...withStatus, ...withSpans])];
    authors = candidates.filter(chosen);
    if (authors.length === 0 && !(candidates.length === 0 && layer.kind === 'all' && selection.statuses.has('todo'))) return null;
    const included = new Set(authors);
    spanRows = rows.filter((span) => span.layer === 'annotator' && included.has(span.annotator_id));
  }
  const labels = selection.labels;
  const spans: ExportSpan[] = [];
  for (const span of spanRows) {
    if (labels && !labels.has(span.label)) {
      stats.spansNotChosen++;
      continue;
    }
    spans.push({
      id: span.id,
      start: span.start,
      end: span.end,
      text: span.quote,
      label: span.label,
      attributes: JSON.parse(span.attributes_json) as Record<string, AttributeValue>,
      annotator: ref(span.annotator_id),
      origin: span.origin,
      layer: span.layer,
    });
  }
  const document = toDocument(row);
  const split = selection.split ? splitOf(row.text_sha256, selection.split) : null;
  const authorRefs = authors.map(ref).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  if (layer.kind !== 'majority') return { document, spans, annotators: authorRefs, split };
  if (authorRefs.length === 1) stats.singleVoterDocuments++;
  const vote = majorityVote(document, authorRefs, spans);
  stats.majorityTies += vote.ties.length;
  stats.majorityAttributeTies += vote.attributeTies;
  for (const tie of vote.ties) if (stats.majorityTieExamples.length < TIE_EXAMPLES) stats.majorityTieExamples.push(tie);
  return { document, spans: vote.spans, annotators: authorRefs, split };
}
