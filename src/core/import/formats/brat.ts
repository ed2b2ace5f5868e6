import { basename, extname } from 'node:path';
import { LIMITS } from '../../../shared/contract/limits';
import { readTextFile } from '../decode';
import { ImportError } from '../importError';
import type { FormatReader, ImportSource, SourceSpan } from '../types';

const TEXT_BOUND = /^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$/s;
const ATTRIBUTE = /^([AM]\d+)\t(\S+) (T\d+)(?: (\S+))?$/;
const NOTE = /^#\d+\tAnnotatorNotes (T\d+)\t(\{.*\})$/;

/**
 * The ranges of a text-bound line as one continuous span, when brat split it only around line
 * breaks (how brat writes a span that crosses lines: `10 15;16 22`, the gaps being `\n` or
 * `\r\n`), with its text as the document has it; null for a truly discontinuous span.
 */
function joinLineBrokenRanges(ranges: string, spanText: string, documentText: string | null): { start: number; end: number; text: string } | null {
  if (documentText === null) return null;
  const pairs = ranges.split(';').map((range) => range.split(' ').map(Number));
  const points = Array.from(documentText);
  const pieces: string[] = [];
  for (let index = 0; index < pairs.length; index++) {
    const [start = -1, end = -1] = pairs[index] ?? [];
    if (!(start >= 0 && end > start && end <= points.length)) return null;
    pieces.push(points.slice(start, end).join(''));
    const next = pairs[index + 1];
    if (next && !/^[\r\n]+$/.test(points.slice(end, next[0]).join(''))) return null;
  }
  if (pieces.join(' ') !== spanText) return null;
  const start = pairs[0]?.[0] ?? 0;
  const end = pairs.at(-1)?.[1] ?? 0;
  return { start, end, text: points.slice(start, end).join('') };
}

/** Splits a .ann file into its lines, keeping 1-based numbers (a trailing `\r` is dropped). */
function annLines(text: string): { line: number; content: string }[] {
  return text.split('\n').map((content, index) => ({ line: index + 1, content: content.endsWith('\r') ? content.slice(0, -1) : content }));
}

/**
 * brat standoff: a `.txt` file with the text and a `.ann` file beside it. `T` lines are spans
 * (code-point offsets, end exclusive, with the span text to check); `A`/`M` lines attach
 * attributes to them (a binary attribute is true; a valued one keeps its value). Relations,
 * events, normalisations and free-text notes are reported, not imported; a discontinuous span is
 * reported and skipped, unless its pieces are separated only by line breaks (brat's form of a span
 * across lines), which is one span. An AnnotatorNotes line whose note is a JSON object (the
 * workbench's brat export puts integer and text attributes there) gives that span attributes.
 */
export function parseAnn(
  annText: string,
  file: string,
  annotatorName: string,
  skip: (line: number, message: string) => void,
  documentText: string | null = null,
): SourceSpan[] {
  const spans = new Map<string, SourceSpan>();
  const attributeLines: { line: number; match: RegExpExecArray; note?: boolean }[] = [];
  for (const { line, content } of annLines(annText)) {
    if (content.trim() === '') continue;
    const at = { file, line };
    const kind = content[0];
    if (kind === 'T') {
      const match = TEXT_BOUND.exec(content);
      if (!match) throw new ImportError(at, 'not a valid text-bound annotation (expected "T<n>\\t<Label> <start> <end>\\t<text>").');
      const [, id = '', label = '', ranges = '', spanText = ''] = match;
      let start: number | undefined;
      let end: number | undefined;
      let text = spanText;
      if (ranges.includes(';')) {
        const joined = joinLineBrokenRanges(ranges, spanText, documentText);
        if (!joined) {
          skip(line, `${id} is a discontinuous span (${ranges}); discontinuous spans are not imported.`);
          continue;
        }
        ({ start, end, text } = joined);
      } else [start, end] = ranges.split(' ').map(Number);
      spans.set(id, {
        start,
        end,
        label,
        text,
        units: ['codepoint'],
        annotator: { name: annotatorName },
        attributes: {},
        originSource: `brat:${file}`,
        at: { ...at, field: id },
      });
    } else if (kind === 'A' || kind === 'M') {
      const match = ATTRIBUTE.exec(content);
      if (!match) throw new ImportError(at, 'not a valid attribute line (expected "A<n>\\t<Name> T<n> [<value>]").');
      attributeLines.push({ line, match });
    } else if (kind === '#' && NOTE.test(content)) {
      attributeLines.push({ line, match: NOTE.exec(content) as RegExpExecArray, note: true });
    } else if (kind === 'R' || kind === 'E' || kind === 'N' || kind === '*' || kind === '#') {
      skip(line, `a "${kind}" line (relation, event, normalisation or note) is not imported.`);
    } else {
      throw new ImportError(at, `unknown annotation line "${content.slice(0, 20)}".`);
    }
  }
  for (const { line, match, note } of attributeLines) {
    if (note) {
      const [, target = '', json = ''] = match;
      const span = spans.get(target);
      let values: unknown;
      try {
        values = JSON.parse(json);
      } catch {
        values = null;
      }
      if (!span || typeof values !== 'object' || values === null || Array.isArray(values)) {
        skip(line, `a note on ${target} is not imported.`);
        continue;
      }
      span.attributes = { ...span.attributes, ...(values as Record<string, unknown>) };
      continue;
    }
    const [, , name = '', target = '', value] = match;
    const span = spans.get(target);
    if (!span) {
      skip(line, `attribute ${name} refers to ${target}, which is not an imported span.`);
      continue;
    }
    span.attributes = { ...span.attributes, [name.toLowerCase()]: value ?? true };
  }
  return [...spans.values()];
}

/** Pairs each `.txt` with the `.ann` of the same name; an `.ann` without its text is an error. */
export function pairBratFiles(files: ImportSource[]): { txt: ImportSource; ann: ImportSource | null }[] {
  const stem = (file: ImportSource) => file.path.slice(0, file.path.length - extname(file.path).length);
  const anns = new Map(files.filter((file) => extname(file.path).toLowerCase() === '.ann').map((file) => [stem(file), file]));
  const pairs = files.filter((file) => extname(file.path).toLowerCase() === '.txt').map((txt) => ({ txt, ann: anns.get(stem(txt)) ?? null }));
  const paired = new Set(pairs.map((pair) => pair.ann).filter(Boolean));
  for (const ann of anns.values())
    if (!paired.has(ann)) throw new ImportError({ file: ann.name }, `there is no ${basename(stem(ann))}.txt beside it with the text.`);
  return pairs;
}

export const readBrat: FormatReader = async function* (unit, context) {
  let done = 0;
  for (const { txt, ann } of pairBratFiles(unit.files)) {
    const text = await readTextFile(txt.path, txt.name, LIMITS.importWholeFileBytes);
    const annText = ann ? await readTextFile(ann.path, ann.name, LIMITS.importWholeFileBytes) : '';
    done += txt.bytes + (ann?.bytes ?? 0);
    context.onBytes(done);
    const annName = ann?.name ?? txt.name;
    const spans = parseAnn(
      annText,
      annName,
      context.options.annotator ?? 'brat',
      (line, message) => context.issue({ file: annName, line, kind: 'skipped_span', message: `${annName} line ${line}: ${message}` }),
      text,
    );
    const firstLine =
      text
        .split(/\r\n|\r|\n/)
        .find((line) => line.trim() !== '')
        ?.trim() ?? null;
    yield {
      at: { file: txt.name },
      text,
      title: firstLine,
      source: null,
      publishedAt: null,
      externalId: basename(txt.name, extname(txt.name)),
      metadata: {},
      spans,
    };
  }
};
