import type { Annotation, CompactSpan } from '../../../shared/contract/methods/annotations';
import type { OffsetMap } from '../../../shared/text/offsetMap';
import { missingRequiredAttributes } from '../../../shared/domain/validateAttributes';
import type { LabelSchema } from '../../../shared/domain/labelSchema';

/** A span as the editor holds it: what it draws and edits (a full EditorSpan has these and more). */
export type EditorSpan = Pick<Annotation, 'id' | 'start' | 'end' | 'label' | 'attributes' | 'quote' | 'revision'>;

/** Expands compact spans (annotations.listCompact) with their quotes from the text. */
export function fromCompact(spans: CompactSpan[], offsets: OffsetMap): EditorSpan[] {
  return spans.map(([id, start, end, label, attributes, revision]) => ({
    id,
    start,
    end,
    label,
    attributes,
    revision,
    quote: offsets.sliceCodePoints(start, end),
  }));
}

/** What changed in a store, so the editor can update its decorations without redrawing all spans. */
export type SpanChange =
  | { type: 'reset' }
  /** `deselected`: the span the selection moved from (null: none) when it moved to one of `spans`. */
  | { type: 'upsert'; spans: EditorSpan[]; deselected?: string | null }
  | { type: 'remove'; ids: string[] }
  | { type: 'select'; from: string | null; to: string | null };

/** A cheap summary for React components (useSyncExternalStore needs a stable snapshot). */
export type SpanSummary = { version: number; count: number; incomplete: number; selected: EditorSpan | null };

/**
 * The open document's spans, outside React: a map by id plus the spans ordered by start (for Tab
 * and "next incomplete"). Adding one span costs a binary search and one splice, never a copy of
 * all spans or a React re-render of the text, so the 10,000th span is as fast as the first.
 */
export class SpanStore {
  private readonly byId = new Map<string, EditorSpan>();
  private ordered: EditorSpan[] = [];
  private readonly incompleteIds = new Set<string>();
  private selectedId: string | null = null;
  /** The longest span seen, which bounds how far back {@link at} must look. */
  private longest = 0;
  private readonly listeners = new Set<(change: SpanChange) => void>();
  private summary: SpanSummary = { version: 0, count: 0, incomplete: 0, selected: null };

  constructor(private readonly schema: LabelSchema) {}

  /** Replaces every span (a document was opened). */
  reset(spans: EditorSpan[]): void {
    this.byId.clear();
    this.incompleteIds.clear();
    for (const span of spans) {
      this.byId.set(span.id, span);
      this.longest = Math.max(this.longest, span.end - span.start);
      if (this.isIncomplete(span)) this.incompleteIds.add(span.id);
    }
    this.ordered = [...spans].sort(compareSpans);
    this.selectedId = null;
    this.emit({ type: 'reset' });
  }

  /**
   * Adds or replaces spans by id; with `select`, one of them becomes the selected span in the same
   * change (a span just created or edited), so the editor redraws once rather than twice.
   */
  upsert(spans: EditorSpan[], select?: string): void {
    for (const span of spans) {
      const previous = this.byId.get(span.id);
      if (previous) this.ordered.splice(this.indexOf(previous), 1);
      this.ordered.splice(insertionIndex(this.ordered, span), 0, span);
      this.byId.set(span.id, span);
      this.longest = Math.max(this.longest, span.end - span.start);
      if (this.isIncomplete(span)) this.incompleteIds.add(span.id);
      else this.incompleteIds.delete(span.id);
    }
    const from = this.selectedId;
    if (select !== undefined && spans.some((span) => span.id === select)) this.selectedId = select;
    this.emit(from === this.selectedId ? { type: 'upsert', spans } : { type: 'upsert', spans, deselected: from });
  }

  /** Removes spans by id. */
  remove(ids: string[]): void {
    const removed: string[] = [];
    for (const id of ids) {
      const span = this.byId.get(id);
      if (!span) continue;
      this.ordered.splice(this.indexOf(span), 1);
      this.byId.delete(id);
      this.incompleteIds.delete(id);
      removed.push(id);
    }
    if (this.selectedId !== null && removed.includes(this.selectedId)) this.selectedId = null;
    if (removed.length > 0) this.emit({ type: 'remove', ids: removed });
  }

  /** Selects a span (the one the attribute panel and the span keys act on), or none. */
  select(id: string | null): void {
    const to = id !== null && this.byId.has(id) ? id : null;
    if (to === this.selectedId) return;
    const from = this.selectedId;
    this.selectedId = to;
    this.emit({ type: 'select', from, to });
  }

  get(id: string): EditorSpan | undefined {
    return this.byId.get(id);
  }

  get selected(): EditorSpan | null {
    return this.selectedId === null ? null : (this.byId.get(this.selectedId) ?? null);
  }

  /** All spans ordered by start. */
  all(): readonly EditorSpan[] {
    return this.ordered;
  }

  /** Whether a span lacks a required attribute. */
  isIncomplete(span: EditorSpan): boolean {
    const label = this.schema.labels.find((candidate) => candidate.name === span.label);
    return label ? missingRequiredAttributes(label, span.attributes).length > 0 : false;
  }

  /**
   * The span after (or before) the selected one, or after the given code-point offset when none
   * is selected; wraps around. With `incompleteOnly`, only spans missing a required attribute.
   */
  neighbour(direction: 1 | -1, fromOffset: number, incompleteOnly = false): EditorSpan | null {
    const candidates = incompleteOnly ? this.ordered.filter((span) => this.incompleteIds.has(span.id)) : this.ordered;
    if (candidates.length === 0) return null;
    const current = this.selected;
    let index: number;
    if (current) {
      const at = candidates.indexOf(current);
      index =
        at >= 0 ? at + direction : direction > 0 ? candidates.findIndex((span) => compareSpans(span, current) > 0) : lastIndexBefore(candidates, current.start);
    } else {
      index = direction > 0 ? candidates.findIndex((span) => span.start >= fromOffset) : lastIndexBefore(candidates, fromOffset);
    }
    if (index < 0 || index >= candidates.length) index = direction > 0 ? 0 : candidates.length - 1;
    return candidates[index] ?? null;
  }

  /** Spans covering a code-point offset, shortest first (the innermost when spans nest). */
  at(offset: number): EditorSpan[] {
    const hits: EditorSpan[] = [];
    const limit = insertionIndex(this.ordered, { start: offset, end: Number.MAX_SAFE_INTEGER, id: '' });
    for (let i = limit - 1; i >= 0; i--) {
      const span = this.ordered[i];
      if (!span || offset - span.start >= this.longest) break; // ordered by start: no earlier span reaches this far
      if (offset < span.end) hits.push(span);
    }
    return hits.sort((a, b) => a.end - a.start - (b.end - b.start));
  }

  /** Whether any span overlaps [start, end) (code points). */
  overlaps(start: number, end: number): boolean {
    const limit = insertionIndex(this.ordered, { start: end, end: -1, id: '' });
    for (let i = limit - 1; i >= 0; i--) {
      const span = this.ordered[i];
      if (!span || start - span.start >= this.longest) break; // ordered by start: no earlier span reaches this far
      if (span.end > start) return true;
    }
    return false;
  }

  subscribe(listener: (change: SpanChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A snapshot for React: stable until the next change. */
  getSummary = (): SpanSummary => this.summary;

  /** For useSyncExternalStore. */
  subscribeSummary = (onChange: () => void): (() => void) => this.subscribe(onChange);

  private emit(change: SpanChange): void {
    this.summary = { version: this.summary.version + 1, count: this.byId.size, incomplete: this.incompleteIds.size, selected: this.selected };
    for (const listener of this.listeners) listener(change);
  }

  private indexOf(span: EditorSpan): number {
    const at = insertionIndex(this.ordered, span) - 1;
    for (let i = at; i >= 0; i--) {
      if (this.ordered[i]?.id === span.id) return i;
      if ((this.ordered[i]?.start ?? -1) < span.start) break;
    }
    const fallback = this.ordered.findIndex((candidate) => candidate.id === span.id);
    if (fallback < 0) throw new Error(`span ${span.id} is not in the store`);
    return fallback;
  }
}

function compareSpans(a: Pick<EditorSpan, 'start' | 'end' | 'id'>, b: Pick<EditorSpan, 'start' | 'end' | 'id'>): number {
  return a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Index at which a span keeps the order (after equal ones). */
function insertionIndex(spans: EditorSpan[], span: Pick<EditorSpan, 'start' | 'end' | 'id'>): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const candidate = spans[mid];
    if (candidate && compareSpans(candidate, span) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function lastIndexBefore(spans: EditorSpan[], offset: number): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((spans[mid]?.start ?? Infinity) < offset) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}
