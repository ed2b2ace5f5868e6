import type { ExportedFile, ExportFormat, ExportLayer, ExportOptions, ExportSummary, LossEntry } from '../../shared/contract/methods/exports';
import type { LabelSchema } from '../../shared/domain/labelSchema';
import type { NormalizationForm } from '../../shared/text/normalization';
import { APP_VERSION } from '../version';
import type { AgreementSummary } from './agreementSeam';
import type { AnnotatorRef, ExportRecord, SplitName } from './exportTypes';
import type { SelectionStats } from './selectRecords';

/** The manifest's `format` name of each export format. */
export const MANIFEST_FORMAT: Record<ExportFormat, string> = {
  jsonl: 'awb-canonical-jsonl',
  spacy: 'awb-spacy-jsonl',
  hf: 'awb-hf-token-classification-jsonl',
  conll: 'awb-conll2003-bio',
  brat: 'awb-brat-standoff',
  labelstudio: 'awb-label-studio-json',
  doccano: 'awb-doccano-jsonl',
};

/** Everything counted while an export runs, for the summary, the manifest and the card. */
export class ExportTally {
  documents = 0;
  records = 0;
  spans = 0;
  readonly spansPerLabel: Record<string, number> = {};
  /** Split ('all' without a split) → label → spans. */
  readonly spansPerSplitLabel: Record<string, Record<string, number>> = {};
  readonly documentsPerSplit: Record<string, number> = {};
  readonly normalization: Record<NormalizationForm, number> = { NFC: 0, NFD: 0, mixed: 0 };
  private readonly annotatorCounts = new Map<string, { id: string; name: string; documents: number; spans: number }>();

  constructor(labels: string[]) {
    for (const label of labels) this.spansPerLabel[label] = 0;
  }

  /** Counts a written document and the spans the format actually wrote for it. */
  add(record: ExportRecord, records: number, writtenSpans: ExportRecord['spans']): void {
    this.documents++;
    this.records += records;
    this.spans += writtenSpans.length;
    this.normalization[record.document.normalization]++;
    const split = record.split ?? 'all';
    this.documentsPerSplit[split] = (this.documentsPerSplit[split] ?? 0) + 1;
    const perLabel = (this.spansPerSplitLabel[split] ??= {});
    for (const span of writtenSpans) {
      this.spansPerLabel[span.label] = (this.spansPerLabel[span.label] ?? 0) + 1;
      perLabel[span.label] = (perLabel[span.label] ?? 0) + 1;
      this.annotator(span.annotator).spans++;
    }
    for (const annotator of record.annotators) this.annotator(annotator).documents++;
  }

  private annotator(ref: AnnotatorRef) {
    let entry = this.annotatorCounts.get(ref.id);
    if (!entry) {
      entry = { id: ref.id, name: ref.name, documents: 0, spans: 0 };
      this.annotatorCounts.set(ref.id, entry);
    }
    return entry;
  }

  annotators(): ExportSummary['annotators'] {
    return [...this.annotatorCounts.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** The layer as the manifest states it. */
function layerChoice(layer: ExportLayer, annotatorName: string | null): Record<string, unknown> {
  return layer.kind === 'annotator' ? { kind: 'annotator', annotator_id: layer.annotatorId, annotator: annotatorName } : { kind: layer.kind };
}

export type ReportInput = {
  options: ExportOptions;
  labels: string[];
  annotatorName: string | null;
  project: { id: string; name: string; schema: LabelSchema };
  createdAt: string;
  offsetUnit: 'codepoint' | 'utf16' | null;
  tally: ExportTally;
  stats: SelectionStats;
  documentsSkippedByDate: number;
  loss: LossEntry[];
  spansVerified: number;
  agreement: AgreementSummary | null;
  warnings: string[];
};

/** The manifest (docs/formats.md): written last, it lists every other file with its SHA-256. */
export function buildManifest(input: ReportInput, files: ExportedFile[]): Record<string, unknown> {
  const { options, tally, stats } = input;
  return {
    format: MANIFEST_FORMAT[options.format],
    format_version: 1,
    offset_unit: input.offsetUnit ?? 'none',
    offset_end: 'exclusive',
    text_normalization: 'none',
    normalization_forms: tally.normalization,
    tool: { name: 'Annotation Workbench', version: APP_VERSION },
    created_at: input.createdAt,
    project: { id: input.project.id, name: input.project.name },
    schema: input.project.schema,
    schema_version: input.project.schema.version,
    choices: {
      format: options.format,
      layer: layerChoice(options.layer, input.annotatorName),
      statuses: options.statuses,
      labels: input.labels,
      date_from: options.dateFrom ?? null,
      date_to: options.dateTo ?? null,
      split: options.split ?? null,
      shard_size: options.shardSize ?? null,
    },
    counts: {
      documents: tally.documents,
      records: tally.records,
      spans: tally.spans,
      spans_per_label: tally.spansPerLabel,
      documents_per_split: tally.documentsPerSplit,
      spans_per_split_and_label: tally.spansPerSplitLabel,
      annotators: tally.annotators(),
    },
    skipped: {
      documents_by_status: stats.documentsSkippedByStatus,
      documents_by_date: input.documentsSkippedByDate,
      spans_not_chosen: stats.spansNotChosen,
    },
    files,
    lossiness: Object.fromEntries(input.loss.map((entry) => [entry.kind, { count: entry.count, reason: entry.reason, examples: entry.examples }])),
    verification: { spans_checked: input.spansVerified, offset_unit: input.offsetUnit ?? 'none' },
    ...(options.layer.kind === 'majority'
      ? {
          majority: {
            rule: 'a span (same start, end and label) is kept when more than half of the document’s annotators marked it; exactly half is a tie and is left out',
            ties: stats.majorityTies,
            tie_examples: stats.majorityTieExamples,
            attribute_ties: stats.majorityAttributeTies,
            single_voter_documents: stats.singleVoterDocuments,
          },
        }
      : {}),
    agreement: input.agreement,
    warnings: input.warnings,
  };
}

/** Splits in their fixed order, then the unsplit bucket. */
export function splitKeys(tally: ExportTally): string[] {
  const order: string[] = ['train', 'dev', 'test', 'all'] satisfies (SplitName | 'all')[];
  return order.filter((key) => tally.documentsPerSplit[key] !== undefined);
}
