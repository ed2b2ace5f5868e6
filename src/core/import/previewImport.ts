import type { ImportOptions, ImportPreview, SpanShape } from '../../shared/contract/methods/imports';
import type { ServiceContext } from '../services/context';
import { activeProject, requireProject } from '../services/session';
import { resolveMapping } from './fieldMapping';
import { prepareRecord } from './prepareRecord';
import { READERS } from './readers';
import { expandPaths, planUnits, type ChosenPath } from './units';

const PREVIEW_DOCUMENTS = 5;
const EXCERPT_LENGTH = 280;

/**
 * The mapping step's data: the detected format, the fields or columns of the first records, the
 * mapping that applies, and the first documents as they would be imported. Reads only the start
 * of the files and writes nothing; input errors in those first records surface here already.
 */
export async function previewImport(ctx: ServiceContext, paths: ChosenPath[], options: ImportOptions): Promise<ImportPreview> {
  const project = options.projectId ? requireProject(ctx, options.projectId) : activeProject(ctx);
  const files = expandPaths(paths);
  const units = planUnits(files, options.format);
  const first = units[0];
  if (!first) throw new Error('planUnits returned no unit');
  const warnings: string[] = [];
  const formats = new Set(units.map((unit) => unit.format));
  if (formats.size > 1)
    warnings.push(`These files are in different formats (${[...formats].join(', ')}); each is read as its own format. The mapping applies to all.`);
  let fields: string[] = [];
  let delimiter: string | null = null;
  let spanShape: SpanShape | null = null;
  const documents: ImportPreview['documents'] = [];
  for (const unit of units) {
    if (documents.length >= PREVIEW_DOCUMENTS) break;
    const reader = READERS[unit.format](unit, {
      options,
      onBytes: () => undefined,
      issue: () => undefined,
      onFields: (names) => {
        if (fields.length === 0) fields = names;
      },
      onDetected: (detected) => {
        delimiter ??= detected.delimiter ?? null;
        spanShape ??= detected.spanShape ?? null;
      },
    });
    for await (const record of reader) {
      const { document } = prepareRecord(record, project.schema, options.labelMap);
      if (document) {
        const points = [...document.text.slice(0, EXCERPT_LENGTH * 2)];
        documents.push({
          file: record.at.file,
          line: record.at.line ?? null,
          title: document.title,
          excerpt: points.length > EXCERPT_LENGTH ? `${points.slice(0, EXCERPT_LENGTH).join('')}…` : points.join(''),
          charCount: document.charCount,
          source: document.source,
          publishedAt: document.publishedAt,
          externalId: document.externalId,
          spans: document.spans.length,
          labels: [...new Set(document.spans.map((span) => span.label))],
        });
      }
      if (documents.length >= PREVIEW_DOCUMENTS) break;
    }
  }
  const usesFields = first.format === 'jsonl' || first.format === 'csv' || first.format === 'labelstudio';
  const mapping =
    usesFields && spanShape !== 'canonical' ? resolveMapping(fields, options.fields) : { text: null, title: null, source: null, date: null, id: null };
  if (documents.length === 0) warnings.push('No document was found at the start of these files.');
  return {
    format: first.format,
    spanShape,
    delimiter,
    fields,
    mapping,
    files: files.map((file) => ({ name: file.name, bytes: file.bytes })),
    documents,
    warnings,
  };
}
