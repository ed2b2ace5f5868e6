import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { z } from 'zod';
import { GAZETTEER_LIMITS, GazetteerEntry, MatchKeyword, type GazetteerEntry as Entry } from '../../shared/contract/methods/gazetteers';
import type { AttributeValue } from '../../shared/contract/schemas';
import { findLabel, type LabelDef, type LabelSchema } from '../../shared/domain/labelSchema';
import { validateAttributes } from '../../shared/domain/validateAttributes';
import { tokenize } from '../../shared/text/tokenize';
import { checkFileSize, readLines, readTextChunks } from '../import/decode';
import { detectDelimiter } from '../import/formats/csv';
import { ImportError, type ImportLocation } from '../import/importError';

/** A checked list: its entries (with the file line of each) and how many exact duplicates were dropped. */
export type GazetteerContent = { entries: (Entry & { line: number | null })[]; duplicates: number };

/** Columns of a CSV gazetteer that are not attributes. */
const RESERVED_COLUMNS = ['surface', 'label', 'variants', 'match'];
const WORD = /[\p{L}\p{N}]/u;

/**
 * Checks entries against the project's schema and the list rules, all or nothing: the first bad
 * entry throws an ImportError naming the file, line and field. Exact duplicates (same form, label
 * and attributes) are dropped and counted; the same form and label with other attributes is
 * refused, since a match could not say which attributes to offer. Used for files and for lists
 * that arrive in an assignment package.
 */
export function checkGazetteerEntries(
  schema: LabelSchema,
  file: string,
  entries: Iterable<{ entry: Entry; line: number | null; fieldPrefix?: string }>,
): GazetteerContent {
  const checked: GazetteerContent['entries'] = [];
  const seen = new Map<string, { line: number | null; attributes: string }>();
  let duplicates = 0;
  for (const { entry, line, fieldPrefix = '' } of entries) {
    const at = (field: string): ImportLocation => ({ file, line: line ?? undefined, field: `${fieldPrefix}${field}` });
    if (checked.length >= GAZETTEER_LIMITS.entries)
      throw new ImportError(at('surface'), `a gazetteer holds at most ${GAZETTEER_LIMITS.entries} entries.`, 'too_large');
    const label = findLabel(schema, entry.label);
    if (!label) throw new ImportError(at('label'), `unknown label "${entry.label}"; this project's labels are ${schema.labels.map((l) => l.name).join(', ')}.`);
    checkForm(entry.surface, at('surface'));
    entry.variants.forEach((variant, index) => checkForm(variant, at(`variants[${index}]`)));
    const issue = validateAttributes(label, entry.attributes)[0];
    if (issue) throw new ImportError(at(issue.attribute), issue.message);
    const key = `${entry.label}\u0000${entry.surface}`;
    const attributes = JSON.stringify(Object.entries(entry.attributes).sort(([a], [b]) => a.localeCompare(b)));
    const earlier = seen.get(key);
    if (earlier) {
      if (earlier.attributes !== attributes) {
        throw new ImportError(
          at('surface'),
          `"${entry.surface}" (${entry.label}) is already listed${earlier.line ? ` on line ${earlier.line}` : ''} with other attributes; keep one.`,
        );
      }
      duplicates++;
      continue;
    }
    seen.set(key, { line, attributes });
    checked.push({ ...entry, line });
  }
  if (checked.length === 0) throw new ImportError({ file }, 'the list has no entries.');
  return { entries: checked, duplicates };
}

function checkForm(form: string, at: ImportLocation): void {
  if (form.trim() !== form) throw new ImportError(at, `"${form}" starts or ends with whitespace.`);
  if (/[\r\n\t]/u.test(form)) throw new ImportError(at, 'a written form is one line (no line break or tab).');
  if (!tokenize(form).some((token) => WORD.test(form.slice(token.start, token.end)))) throw new ImportError(at, `"${form}" has no letter or digit to match.`);
}

/** Reads a gazetteer file (CSV or JSONL, by `format` or its extension) and checks it; throws ImportError on the first problem. */
export async function readGazetteerFile(path: string, fileName: string, schema: LabelSchema, format?: 'csv' | 'jsonl'): Promise<GazetteerContent> {
  checkFileSize(path, fileName, GAZETTEER_LIMITS.fileBytes);
  const chosen = format ?? formatOf(fileName);
  const raw = chosen === 'csv' ? await readCsvEntries(path, fileName, schema) : await readJsonlEntries(path, fileName);
  return checkGazetteerEntries(schema, fileName, raw);
}

function formatOf(fileName: string): 'csv' | 'jsonl' {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  throw new ImportError({ file: fileName }, 'a gazetteer is a .csv, .tsv or .jsonl file (or choose the format).');
}

type RawEntry = { entry: Entry; line: number };

/** JSONL: one strict JSON object per line (docs/formats.md); blank lines are skipped. */
async function readJsonlEntries(path: string, file: string): Promise<RawEntry[]> {
  const entries: RawEntry[] = [];
  for await (const { text, line } of readLines(path, { file, maxFileBytes: GAZETTEER_LIMITS.fileBytes, maxLineBytes: 1024 * 1024 })) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ImportError({ file, line }, `not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
    }
    const jsonLine = z.strictObject({ ...GazetteerEntry.shape, match: z.union([MatchKeyword, z.array(MatchKeyword).max(6)]).default([]) }).safeParse(value);
    if (!jsonLine.success) {
      const issue = jsonLine.error.issues[0];
      const field = issue?.path.length
        ? issue.path
            .map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))
            .join('.')
            .replace(/\.\[/g, '[')
        : undefined;
      throw new ImportError({ file, line, field }, issue?.message ?? 'not a gazetteer entry.');
    }
    const { match, ...rest } = jsonLine.data;
    entries.push({ entry: { ...rest, match: typeof match === 'string' ? [match] : match }, line });
  }
  return entries;
}

/**
 * CSV (or TSV): a header row naming `surface` and `label`, optionally `variants` (separated by
 * `|`) and `match` (keywords separated by spaces or commas); every other column is an attribute
 * of the row's label, an empty cell meaning "not set".
 */
async function readCsvEntries(path: string, file: string, schema: LabelSchema): Promise<RawEntry[]> {
  const chunks = readTextChunks(path, { file, maxFileBytes: GAZETTEER_LIMITS.fileBytes });
  const head = await chunks.next();
  const first = head.done ? '' : head.value;
  async function* rest() {
    if (first) yield first;
    yield* chunks;
  }
  const stream = Readable.from(rest(), { objectMode: false });
  const parser = stream.pipe(
    parse({
      delimiter: detectDelimiter(first.slice(0, 64 * 1024), file),
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: false,
      max_record_size: 1024 * 1024,
    }),
  );
  stream.on('error', (error) => parser.destroy(error));
  const entries: RawEntry[] = [];
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!header) {
        header = record.map((name) => name.trim());
        const seen = new Set<string>();
        for (const name of header) {
          if (name === '') throw new ImportError({ file, line }, 'the header row has an empty column name.');
          if (seen.has(name)) throw new ImportError({ file, line }, `the header row names the column "${name}" twice.`);
          seen.add(name);
        }
        for (const required of ['surface', 'label']) {
          if (!seen.has(required))
            throw new ImportError({ file, line, field: required }, `the header row has no "${required}" column (columns: ${header.join(', ')}).`);
        }
        continue;
      }
      if (record.length !== header.length) throw new ImportError({ file, line }, `the row has ${record.length} columns but the header has ${header.length}.`);
      const cells: Record<string, string> = {};
      header.forEach((name, index) => (cells[name] = (record[index] ?? '').trim()));
      const labelName = cells.label ?? '';
      const label = findLabel(schema, labelName);
      if (!label)
        throw new ImportError(
          { file, line, field: 'label' },
          `unknown label "${labelName}"; this project's labels are ${schema.labels.map((l) => l.name).join(', ')}.`,
        );
      const attributes: Record<string, AttributeValue> = {};
      for (const name of header) {
        if (RESERVED_COLUMNS.includes(name) || cells[name] === '') continue;
        attributes[name] = cellValue(label, name, cells[name] ?? '', { file, line, field: name });
      }
      const match = (cells.match ?? '').split(/[\s,]+/u).filter(Boolean);
      const parsedMatch = z.array(MatchKeyword).safeParse(match);
      if (!parsedMatch.success) {
        throw new ImportError({ file, line, field: 'match' }, `"${cells.match}" has an unknown keyword; use ${MatchKeyword.options.join(', ')}.`);
      }
      const variants = (cells.variants ?? '')
        .split('|')
        .map((variant) => variant.trim())
        .filter(Boolean);
      if (variants.length > GAZETTEER_LIMITS.variants)
        throw new ImportError({ file, line, field: 'variants' }, `at most ${GAZETTEER_LIMITS.variants} variants per entry.`);
      const surface = cells.surface ?? '';
      if (surface === '') throw new ImportError({ file, line, field: 'surface' }, 'the surface form is empty.');
      if ([surface, ...variants].some((form) => [...form].length > GAZETTEER_LIMITS.formLength)) {
        throw new ImportError({ file, line, field: 'surface' }, `a written form is at most ${GAZETTEER_LIMITS.formLength} characters.`);
      }
      entries.push({ entry: { surface, label: label.name, attributes, variants, match: parsedMatch.data }, line });
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    if (error instanceof CsvError) {
      const { lines } = error as CsvError & { lines?: number };
      throw new ImportError({ file, line: lines }, `not valid CSV: ${error.message.replace(/ at line \d+/, '')}`);
    }
    throw error;
  } finally {
    stream.destroy();
  }
  if (!header) throw new ImportError({ file }, 'the file is empty: a gazetteer needs a header row and entries.');
  return entries;
}

/** A CSV cell as the attribute's kind: integers and booleans are read, enum and text taken as written. */
function cellValue(label: LabelDef, name: string, cell: string, at: ImportLocation): AttributeValue {
  const definition = label.attributes.find((attribute) => attribute.name === name);
  if (!definition) throw new ImportError(at, `${label.name} has no attribute "${name}" (leave the cell empty for this label).`);
  if (definition.type === 'integer') {
    if (!/^-?\d+$/u.test(cell)) throw new ImportError(at, `expected a whole number, got "${cell}".`);
    return Number(cell);
  }
  if (definition.type === 'boolean') {
    if (!/^(true|false|yes|no)$/iu.test(cell)) throw new ImportError(at, `expected true or false, got "${cell}".`);
    return /^(true|yes)$/iu.test(cell);
  }
  return cell;
}
