import { basename, extname } from 'node:path';
import { LIMITS } from '../../../shared/contract/limits';
import { readTextFile } from '../decode';
import { ImportError } from '../importError';
import type { FormatReader, ImportSource, SourceSpan } from '../types';

const TEXT_BOUND = /^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$/s;
const ATTRIBUTE = /^([AM]\d+)\t(\S+) (T\d+)(?: (\S+))?$/;

/** Splits a .ann file into its lines, keeping 1-based numbers (a trailing `\r` is dropped). */
function annLines(text: string): { line: number; content: string }[] {
  return text.split('\n').map((content, index) => ({ line: index + 1, content: content.endsWith('\r') ? content.slice(0, -1) : content }));
}

/**
 * brat standoff: a `.txt` file with the text and a `.ann` file beside it. `T` lines are spans
 * (code-point offsets, end exclusive, with the span text to check); `A`/`M` lines attach
 * attributes to them (a binary attribute is true; a valued one keeps its value). Relations,
 * events, normalisations and notes are reported, not imported; a discontinuous span is reported
 * and skipped.
 */
export function parseAnn(annText: string, file: string, annotatorName: string, skip: (line: number, message: string) => void): SourceSpan[] {
  const spans = new Map<string, SourceSpan>();
  const attributeLines: { line: number; match: RegExpExecArray }[] = [];
  for (const { line, content } of annLines(annText)) {
    if (content.trim() === '') continue;
    const at = { file, line };
    const kind = content[0];
    if (kind === 'T') {
      const match = TEXT_BOUND.exec(content);
      if (!match) throw new ImportError(at, 'not a valid text-bound annotation (expected "T<n>\\t<Label> <start> <end>\\t<text>").');
      const [, id = '', label = '', ranges = '', spanText = ''] = match;
      if (ranges.includes(';')) {
        skip(line, `${id} is a discontinuous span (${ranges}); discontinuous spans are not imported.`);
        continue;
      }
      const [start, end] = ranges.split(' ').map(Number);
      spans.set(id, {
        start,
        end,
        label,
        text: spanText,
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
    } else if (kind === 'R' || kind === 'E' || kind === 'N' || kind === '*' || kind === '#') {
      skip(line, `a "${kind}" line (relation, event, normalisation or note) is not imported.`);
    } else {
      throw new ImportError(at, `unknown annotation line "${content.slice(0, 20)}".`);
    }
  }
  for (const { line, match } of attributeLines) {
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
    const spans = parseAnn(annText, annName, context.options.annotator ?? 'brat', (line, message) =>
      context.issue({ file: annName, line, kind: 'skipped_span', message: `${annName} line ${line}: ${message}` }),
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
