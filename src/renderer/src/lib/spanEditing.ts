import type { EditorSpan } from '../editor/spanStore';
import type { HistoryResult, HistoryStatus } from '../../../shared/contract/methods/history';
import type { AttributeValue } from '../../../shared/contract/schemas';
import type { SpanStore } from '../editor/spanStore';
import type { SaveState } from '../views/SaveIndicator';
import { afterPaint } from './afterPaint';
import { ApiError, call } from './api';

/** How long a write may take before the indicator says "Saving…". */
const SAVING_DELAY_MS = 120;

/**
 * A span the core refused because it would overlap others (a new one, or one grown onto them,
 * named by `spanId`); the user may replace the spans in the way.
 */
export type PendingOverlap = {
  request: { label: string; start: number; end: number; spanId?: string };
  overlapping: string[];
  message: string;
};

/** The spans an overlap refusal named, or null when the error is not one. */
function overlappingIds(error: unknown): string[] | null {
  if (!(error instanceof ApiError) || error.code !== 'overlap') return null;
  return Array.isArray(error.details?.overlapping) ? error.details.overlapping.filter((id): id is string => typeof id === 'string') : [];
}

/** What an update may change; a null attribute value clears it. */
export type SpanPatch = { label?: string; start?: number; end?: number; attributes?: Record<string, AttributeValue> };

/** How the editing controller reports to the view. */
export type EditingUi = {
  saveState: (state: SaveState) => void;
  message: (text: string | null) => void;
  pendingOverlap: (pending: PendingOverlap | null) => void;
  history: (status: HistoryStatus) => void;
  /** A span was created, changed or revived by the user (and selected in the store with that change); its label's definition is shown when a label was just applied. */
  touched: (span: EditorSpan, labelApplied: boolean) => void;
  /** The document's status may have changed (its first span). */
  statusMayHaveChanged: () => void;
};

/**
 * Every span write of the open document, one at a time and in order: each waits for the core to
 * commit it (its own durable transaction) before the store, and so the drawing and the saved
 * indicator, show it. A failure changes nothing on screen except the message.
 */
export class SpanEditing {
  private queue: Promise<unknown> = Promise.resolve();
  private inFlight = 0;
  private historyTimer: ReturnType<typeof setTimeout> | undefined;
  private started: boolean;
  /** What the indicator showed before the write in flight, restored when the core refuses it. */
  private lastSettled: SaveState = { kind: 'idle' };

  constructor(
    private readonly documentId: string,
    private readonly store: SpanStore,
    private readonly ui: EditingUi,
    alreadyStarted: boolean,
  ) {
    this.started = alreadyStarted;
  }

  /** Creates a span; on an overlap, offers to replace the spans in the way. Resolves true once saved. */
  create(label: string, start: number, end: number): Promise<boolean> {
    return this.run(async () => {
      try {
        const created = await call('annotations.create', { documentId: this.documentId, label, start, end });
        this.store.upsert([created], created.id);
        this.ui.touched(created, true);
        if (!this.started) {
          this.started = true;
          this.ui.statusMayHaveChanged();
        }
        return true;
      } catch (error) {
        const overlapping = overlappingIds(error);
        if (!overlapping || !(error instanceof Error)) throw error;
        this.ui.pendingOverlap({ request: { label, start, end }, overlapping, message: error.message });
        return false;
      }
    });
  }

  /** Replaces the spans an overlap named with the span that was refused (created, or grown onto them). */
  replace(pending: PendingOverlap): Promise<boolean> {
    return this.run(async () => {
      const { spanId, ...request } = pending.request;
      if (spanId !== undefined) {
        const span = this.store.get(spanId);
        if (!span) return false;
        const { start, end } = request;
        const updated = await call('annotations.update', { id: spanId, start, end, expectedRevision: span.revision, replaceIds: pending.overlapping });
        this.store.remove(pending.overlapping);
        this.store.upsert([updated], updated.id);
        this.ui.touched(updated, false);
        return true;
      }
      const { created, removed } = await call('annotations.replace', { documentId: this.documentId, ...request, replaceIds: pending.overlapping });
      this.store.remove(removed);
      this.store.upsert([created], created.id);
      this.ui.touched(created, true);
      return true;
    });
  }

  /** Changes a span's label, offsets or attributes (null clears an attribute). */
  update(id: string, patch: SpanPatch): Promise<boolean> {
    return this.run(async () => {
      const span = this.store.get(id);
      if (!span) return false;
      const updated = await call('annotations.update', { id, ...patch, expectedRevision: span.revision });
      this.store.upsert([updated], updated.id);
      this.ui.touched(updated, patch.label !== undefined);
      return true;
    });
  }

  /**
   * Changes the span selected when this write's turn comes (after every earlier write is saved),
   * so keys pressed in quick succession act in order: a label key, then Delete, deletes the new
   * span. `makePatch` returns the patch, or a message when there is nothing to do.
   */
  updateSelected(makePatch: (span: EditorSpan) => SpanPatch | string): Promise<boolean> {
    return this.run(async () => {
      const span = this.store.selected;
      if (!span) {
        this.ui.message('Select a span first (click it, or Tab to it).');
        return false;
      }
      const patch = makePatch(span);
      if (typeof patch === 'string') {
        this.ui.message(patch);
        return false;
      }
      try {
        const updated = await call('annotations.update', { id: span.id, ...patch, expectedRevision: span.revision });
        this.store.upsert([updated], updated.id);
        this.ui.touched(updated, patch.label !== undefined);
        return true;
      } catch (error) {
        // Grown onto other spans: offer to replace them, as for a new span.
        const overlapping = overlappingIds(error);
        if (!overlapping || !(error instanceof Error)) throw error;
        const request = { spanId: span.id, label: span.label, start: patch.start ?? span.start, end: patch.end ?? span.end };
        this.ui.pendingOverlap({ request, overlapping, message: error.message });
        return false;
      }
    });
  }

  /** Deletes the span selected when this write's turn comes. */
  removeSelected(): Promise<boolean> {
    return this.run(async () => {
      const span = this.store.selected;
      if (!span) return false;
      await call('annotations.delete', { id: span.id, expectedRevision: span.revision });
      this.store.remove([span.id]);
      return true;
    });
  }

  /** Deletes a span (a tombstone in the store). */
  remove(id: string): Promise<boolean> {
    return this.run(async () => {
      const span = this.store.get(id);
      if (!span) return false;
      await call('annotations.delete', { id, expectedRevision: span.revision });
      this.store.remove([id]);
      return true;
    });
  }

  /**
   * Accepts suggestions (by id, or all offered in a range): the spans they become are drawn once
   * the core has committed them; `after` hears which were taken and which were skipped and why.
   */
  acceptSuggestions(
    which: { ids: number[] } | { range: { start: number; end: number } },
    after: (result: { accepted: number[]; skipped: { id: number; reason: string }[] }) => void,
  ): Promise<boolean> {
    return this.run(async () => {
      const result = await call('suggestions.accept', { documentId: this.documentId, ...which });
      this.store.upsert(result.created);
      this.markStarted(result.created.length);
      after(result);
      return result.created.length > 0;
    });
  }

  /** Labels the chosen occurrences of a span like it (one undo step). */
  labelOccurrences(annotationId: string, ranges: { start: number; end: number }[]): Promise<boolean> {
    return this.run(async () => {
      const result = await call('suggestions.labelOccurrences', { annotationId, ranges });
      this.store.upsert(result.created);
      this.markStarted(result.created.length);
      const skipped = result.skipped.length > 0 ? `; ${result.skipped.length} left as they were (${result.skipped[0]?.reason ?? ''})` : '';
      afterPaint(() => this.ui.message(`Labelled ${result.created.length} more occurrence${result.created.length === 1 ? '' : 's'}${skipped}.`));
      return result.created.length > 0;
    });
  }

  private markStarted(created: number): void {
    if (created > 0 && !this.started) {
      this.started = true;
      this.ui.statusMayHaveChanged();
    }
  }

  undo(): Promise<boolean> {
    return this.run(
      async () => this.applyHistory(await call('history.undo', { documentId: this.documentId }), 'Undid', 'Nothing to undo in this document.'),
      false,
    );
  }

  redo(): Promise<boolean> {
    return this.run(
      async () => this.applyHistory(await call('history.redo', { documentId: this.documentId }), 'Redid', 'Nothing to redo in this document.'),
      false,
    );
  }

  /** Loads what undo and redo would do now. */
  async refreshHistory(): Promise<void> {
    this.ui.history(await call('history.status', { documentId: this.documentId }));
  }

  private applyHistory(result: HistoryResult, verb: string, nothing: string): boolean {
    this.ui.history(result.status);
    if (!result.applied) {
      this.ui.message(nothing);
      return false;
    }
    this.store.remove(result.removed);
    const first = result.upserted[0];
    this.store.upsert(result.upserted, first?.id);
    if (first) this.ui.touched(first, false);
    this.ui.message(`${verb}: ${result.description ?? ''}`);
    return true;
  }

  /**
   * Runs one write after the previous ones: "Saving…" until the core answers, then "Saved"; an
   * error is shown and nothing else changes. `edits` says whether the write starts a new history
   * step (undo and redo do not).
   */
  /** Whether writes are queued or waiting for the database. */
  get busy(): boolean {
    return this.inFlight > 0;
  }

  /**
   * Runs a selection change (Tab, Escape, a click) after every write queued before it, so keys
   * act in the order pressed: a label key then Tab moves on from the new span, and the answer of a
   * slow save can no longer select its span over the user's later choice.
   */
  afterWrites(action: () => void): void {
    if (!this.busy) {
      action();
      return;
    }
    this.queue = this.queue.then(() => {
      try {
        action();
      } catch (error) {
        this.ui.message(error instanceof Error ? error.message : String(error));
      }
    });
  }

  private run(work: () => Promise<boolean>, edits = true): Promise<boolean> {
    // With nothing queued the write starts now, inside the key's event, rather than a microtask
    // later: its request leaves before the caller's own redraw (a label key collapses the text
    // selection right after). A key event is a task of its own, so when nothing is in flight
    // every earlier write and queued action has settled.
    const idle = this.inFlight === 0;
    this.inFlight += 1;
    const step = async () => {
      // "Saving…" appears only for a write that takes a moment: a fast one would just flicker (and
      // cost a render). Until its answer the change is not drawn as saved (a new span shows only as
      // unsaved, see editor/unsavedSpans.ts), so nothing claims it saved.
      const slow = setTimeout(() => this.ui.saveState({ kind: 'saving' }), SAVING_DELAY_MS);
      this.ui.message(null);
      this.ui.pendingOverlap(null);
      try {
        const done = await work();
        if (done) this.lastSettled = { kind: 'saved', at: new Date() };
        const settled = this.lastSettled;
        clearTimeout(slow);
        // The change is drawn now; the indicator and the undo button follow right after that frame.
        afterPaint(() => {
          this.ui.saveState(settled);
          if (done && edits) this.ui.history({ canUndo: true, canRedo: false, undoDescription: null, redoDescription: null });
        });
        this.scheduleHistoryRefresh();
        return done;
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        const refused = error instanceof ApiError && ['overlap', 'invalid_input', 'conflict', 'not_found'].includes(error.code);
        // A refused write changed nothing, so what was saved stays saved; anything else is a failure to show.
        this.ui.saveState(refused ? this.lastSettled : { kind: 'error', message: text });
        this.ui.message(text);
        return false;
      } finally {
        clearTimeout(slow);
        this.inFlight -= 1;
      }
    };
    const next = idle ? step() : this.queue.then(step);
    this.queue = next;
    return next;
  }

  /** The undo menu's descriptions come from the core, fetched once typing pauses. */
  private scheduleHistoryRefresh(): void {
    clearTimeout(this.historyTimer);
    this.historyTimer = setTimeout(() => void this.refreshHistory().catch(() => undefined), 400);
  }

  dispose(): void {
    clearTimeout(this.historyTimer);
  }
}
