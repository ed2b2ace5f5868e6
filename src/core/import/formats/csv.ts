import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { LIMITS } from '../../../shared/contract/limits';
import { readTextChunks } from '../decode';
import { resolveMapping, type ResolvedMapping } from '../fieldMapping';
import { ImportError } from '../importError';
import type { FormatReader, ImportSource } from '../types';

const CANDIDATES = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof CANDIDATES)[number];

/**
 * Guesses the delimiter from the first lines: the candidate that appears (outside quotes) the
 * same non-zero number of times on most lines, the most often. `.tsv` files default to a tab.
 */
export function detectDelimiter(sample: string, fileName: string): Delimiter {
  const lines = splitSampleLines(sample).slice(0, 20);
  let best: { delimiter: Delimiter; score: number } = { delimiter: fileName.toLowerCase().endsWith('.tsv') ? '\t' : ',', score: 0 };
  for (const delimiter of CANDIDATES) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((count) => count === first).length / counts.length;
    const score = consistent >= 0.8 ? first * consistent : 0;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** Logical lines of a sample (a newline inside quotes does not end a line). */
function splitSampleLines(sample: string): string[] {
  const lines: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      lines.push(sample.slice(start, i));
      start = i + 1;
    }
  }
  return lines.filter((line) => line.trim() !== '');
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let count = 0;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) count++;
  }
  return count;
}

/** The decoded text of a file as a stream whose first chunk has been looked at (for detection). */
async function openDecoded(file: ImportSource, onBytes: (bytes: number) => void): Promise<{ first: string; stream: Readable }> {
  const chunks = readTextChunks(file.path, { file: file.name, maxFileBytes: LIMITS.importFileBytes, onBytes });
  const head = await chunks.next();
  const first = head.done ? '' : head.value;
  async function* rest() {
    if (first) yield first;
    yield* chunks;
  }
  return { first, stream: Readable.from(rest(), { objectMode: false }) };
}

/**
 * CSV and TSV through csv-parse (RFC 4180: quoted fields with delimiters, quotes and newlines).
 * The first row names the columns; the user picks which holds the text and which the metadata;
 * every other column becomes metadata. Cells are stored as text exactly (a leading `=` is data).
 */
export const readCsv: FormatReader = async function* (unit, context) {
  const { options } = context;
  for (const file of unit.files) {
    const { first, stream } = await openDecoded(file, context.onBytes);
    const delimiter = options.delimiter ?? detectDelimiter(first.slice(0, 64 * 1024), file.name);
    context.onDetected?.({ delimiter });
    const parser = stream.pipe(
      parse({ delimiter, info: true, skip_empty_lines: true, relax_column_count: true, max_record_size: LIMITS.importRecordBytes, bom: false }),
    );
    stream.on('error', (error) => parser.destroy(error));
    let header: string[] | null = null;
    let mapping: ResolvedMapping | null = null;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        const line = info.lines;
        if (!header) {
          header = record.map((name) => name.trim());
          const seen = new Set<string>();
          for (const name of header) {
            if (name === '') throw new ImportError({ file: file.name, line }, 'the header row has an empty column name.');
            if (seen.has(name)) throw new ImportError({ file: file.name, line }, `the header row names the column "${name}" twice.`);
            seen.add(name);
          }
          context.onFields?.(header);
          mapping = resolveMapping(header, options.fields);
          if (!mapping.text)
            throw new ImportError(
              { file: file.name, line },
              `there is no "text" column; choose the column that holds the text (columns: ${header.join(', ')}).`,
            );
          if (!header.includes(mapping.text))
            throw new ImportError({ file: file.name, line }, `there is no column "${mapping.text}" (columns: ${header.join(', ')}).`);
          continue;
        }
        if (record.length !== header.length) {
          throw new ImportError({ file: file.name, line }, `the row has ${record.length} columns but the header has ${header.length}.`);
        }
        // A Map, not an object: column names come from the file ("__proto__", "valueOf").
        const row = new Map(header.map((name, index) => [name, record[index] ?? '']));
        const m = mapping as ResolvedMapping;
        const cell = (name: string | null) => (name === null ? null : row.get(name) || null);
        const used = new Set([m.text, m.title, m.source, m.date, m.id]);
        const metadata: Record<string, unknown> = {};
        for (const name of header) if (!used.has(name)) metadata[name] = row.get(name);
        yield {
          at: { file: file.name, line },
          text: row.get(m.text ?? '') ?? '',
          title: cell(m.title),
          source: cell(m.source),
          publishedAt: cell(m.date),
          externalId: cell(m.id),
          metadata,
          spans: [],
        };
      }
    } catch (error) {
      if (error instanceof ImportError) throw error;
      if (error instanceof CsvError) {
        const { lines } = error as CsvError & { lines?: number };
        throw new ImportError({ file: file.name, line: lines }, `not valid CSV: ${error.message.replace(/ at line \d+/, '')}`);
      }
      throw error;
    } finally {
      stream.destroy();
    }
    if (!header) continue;
  }
};
