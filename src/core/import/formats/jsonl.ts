import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { LIMITS } from '../../../shared/contract/limits';
import { readLines } from '../decode';
import { asTextField, ownField, resolveMapping, type ResolvedMapping } from '../fieldMapping';
import { ImportError } from '../importError';
import type { FormatReader, SourceRecord } from '../types';
import { ANNOTATION_KEYS, CanonicalLine, canonicalSpans, detectShape, doccanoSpans, parseWith, spacySpans, type ShapeContext } from './jsonShapes';

const Manifest = z.object({
  format: z.literal('awb-canonical-jsonl'),
  format_version: z.literal(1),
  offset_unit: z.literal('codepoint'),
  offset_end: z.literal('exclusive'),
  files: z.array(z.object({ path: z.string(), sha256: z.string(), bytes: z.number() })).default([]),
});

/**
 * The manifest entry for a data file, when a canonical manifest.json sits beside it or one folder
 * up (a split export keeps its data in train/, dev/ and test/ under one manifest).
 */
function manifestEntry(path: string, name: string): { sha256: string; bytes: number } | null {
  for (const folder of [dirname(path), dirname(dirname(path))]) {
    const manifestPath = join(folder, 'manifest.json');
    if (!existsSync(manifestPath)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(manifestPath, 'utf8'));
    } catch (error) {
      throw new ImportError({ file: 'manifest.json' }, `not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
    }
    if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== 'awb-canonical-jsonl') return null;
    const manifest = parseWith(Manifest, raw, { file: 'manifest.json' });
    const relativePath = relative(folder, path).split(sep).join('/');
    const sameFolder = folder === dirname(path);
    return manifest.files.find((entry) => entry.path === relativePath || (sameFolder && basename(entry.path) === basename(name))) ?? null;
  }
  return null;
}

/**
 * JSONL: one JSON object per line, streamed with a cap per line. The text and metadata fields
 * are the user's choice; embedded annotations may be in the canonical, doccano or Prodigy/spaCy
 * shape (docs/formats.md). A canonical file's manifest, when beside it, is checked too.
 */
export const readJsonl: FormatReader = async function* (unit, context) {
  const { options } = context;
  for (const file of unit.files) {
    const expected = manifestEntry(file.path, file.name);
    const hash = createHash('sha256');
    let mapping: ResolvedMapping | null = null;
    for await (const { text, line } of readLines(file.path, {
      file: file.name,
      maxFileBytes: LIMITS.importFileBytes,
      maxLineBytes: LIMITS.importRecordBytes,
      onBytes: context.onBytes,
      ...(expected ? { onChunk: (chunk: Buffer) => hash.update(chunk) } : {}),
    })) {
      const at = { file: file.name, line };
      if (text.trim() === '') {
        context.issue({ line, kind: 'skipped_document', message: `line ${line}: empty line.` });
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new ImportError(at, `not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ImportError(at, 'each line must be one JSON object.');
      const object = value as Record<string, unknown>;
      if (!mapping) {
        context.onFields?.(Object.keys(object));
        mapping = resolveMapping(Object.keys(object), options.fields);
        context.onDetected?.({ spanShape: options.spanShape && options.spanShape !== 'auto' ? options.spanShape : detectShape(object) });
      }
      yield recordOf(object, mapping, at, context.options, (message) => context.issue({ line, kind: 'skipped_span', message: `line ${line}, ${message}` }));
    }
    if (expected) {
      const actual = hash.digest('hex');
      if (actual !== expected.sha256) {
        throw new ImportError({ file: file.name }, `its SHA-256 is ${actual}, but manifest.json lists ${expected.sha256}; the file was altered or damaged.`);
      }
    }
  }
};

function recordOf(
  object: Record<string, unknown>,
  mapping: ResolvedMapping,
  at: { file: string; line: number },
  options: Parameters<FormatReader>[1]['options'],
  skip: (message: string) => void,
): SourceRecord {
  const shape = options.spanShape && options.spanShape !== 'auto' ? options.spanShape : detectShape(object);
  const shapeContext: ShapeContext = {
    at,
    units: options.offsetUnit ? [options.offsetUnit] : undefined,
    annotatorName: options.annotator,
    originSource: `jsonl:${at.file}`,
    skip,
  };
  if (shape === 'canonical') {
    const line = parseWith(CanonicalLine, object, at);
    return {
      at,
      text: line.text,
      title: line.title,
      source: line.source,
      publishedAt: line.published_at,
      externalId: line.external_id,
      metadata: line.metadata,
      id: line.id,
      textSha256: line.text_sha256,
      spans: canonicalSpans(line, { ...shapeContext, originSource: 'awb-canonical-jsonl' }),
    };
  }
  if (!mapping.text) throw new ImportError(at, 'there is no "text" field; choose the field that holds the text.');
  const text = ownField(object, mapping.text);
  if (typeof text !== 'string') {
    throw new ImportError(
      { ...at, field: mapping.text },
      `expected the text as a string, got ${text === undefined ? 'nothing' : JSON.stringify(text).slice(0, 40)}.`,
    );
  }
  const used = new Set([mapping.text, mapping.title, mapping.source, mapping.date, mapping.id].filter((name) => name !== null));
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (!used.has(key) && !ANNOTATION_KEYS.has(key)) metadata[key] = value;
  const field = (name: string | null) => (name === null ? null : asTextField(ownField(object, name)));
  const spans =
    shape === 'doccano'
      ? doccanoSpans(object, { ...shapeContext, originSource: `doccano:${at.file}` })
      : shape === 'spans'
        ? spacySpans(object, { ...shapeContext, originSource: `spacy:${at.file}` })
        : [];
  return {
    at,
    text,
    title: field(mapping.title),
    source: field(mapping.source),
    publishedAt: field(mapping.date),
    externalId: field(mapping.id),
    metadata,
    spans,
  };
}
