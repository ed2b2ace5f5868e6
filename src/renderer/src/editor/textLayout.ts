import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { editorSchema } from './schema';

/** One line of the text shown as a paragraph: its UTF-16 range in the text and its position in the editor. */
export type LayoutLine = { from: number; to: number; pos: number };

/** How the stored text maps onto the editor document. */
export type TextLayout = { text: string; lines: LayoutLine[]; doc: ProseMirrorNode };

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Builds the editor document for a text: one paragraph per non-empty line (line breaks are not
 * part of the editor document, so offsets map through this table rather than one-to-one).
 */
export function buildTextLayout(text: string): TextLayout {
  const ranges: { from: number; to: number }[] = [];
  let lineStart = 0;
  for (const match of text.matchAll(LINE_BREAK)) {
    if (match.index > lineStart) ranges.push({ from: lineStart, to: match.index });
    lineStart = match.index + match[0].length;
  }
  if (text.length > lineStart) ranges.push({ from: lineStart, to: text.length });

  let pos = 0;
  const lines: LayoutLine[] = ranges.map((range) => {
    const line = { ...range, pos };
    pos += range.to - range.from + 2;
    return line;
  });
  const paragraphs = lines.map((line) => editorSchema.node('paragraph', null, [editorSchema.text(text.slice(line.from, line.to))]));
  const doc = editorSchema.node('doc', null, paragraphs.length > 0 ? paragraphs : [editorSchema.node('paragraph')]);
  return { text, lines, doc };
}

/** The editor position of a UTF-16 text offset (an offset inside a line break maps to the end of its line). */
export function positionOfOffset(layout: TextLayout, offset: number): number {
  const line = layout.lines[lastIndexWhere(layout.lines, (candidate) => candidate.from <= offset)];
  if (!line) return layout.lines[0] ? layout.lines[0].pos + 1 : 1;
  return line.pos + 1 + Math.min(offset, line.to) - line.from;
}

/** The UTF-16 text offset of an editor position. */
export function offsetOfPosition(layout: TextLayout, position: number): number {
  const line = layout.lines[lastIndexWhere(layout.lines, (candidate) => candidate.pos < position)];
  if (!line) return 0;
  return line.from + Math.max(0, Math.min(position - line.pos - 1, line.to - line.from));
}

/** Index of the last element satisfying a predicate that holds for a prefix of the array (binary search), or -1. */
function lastIndexWhere<T>(items: T[], predicate: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (predicate(items[mid] as T)) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}
