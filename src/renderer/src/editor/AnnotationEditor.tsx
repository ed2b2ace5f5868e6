import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef } from 'react';

import type { LabelDef, LabelSchema } from '../../../shared/domain/labelSchema';
import { snapToGraphemes, snapToWords, wordAt, type TextRange } from '../../../shared/text/wordSnap';
import { stepRange, type WordStep } from '../../../shared/text/wordSteps';
import { currentHitRange, findDecorationsPlugin, findInText, setFindHits } from './findDecorations';
import { labelClassIndex } from './labelStyles';
import { labelForKey, suggestionKey, wordStepForKey } from './keys';
import { setSuggestions, suggestionDecorationsPlugin, type DrawnSuggestion } from './suggestionDecorations';
import { addUnsavedSpan, hasUnsavedSpan, removeUnsavedSpans, unsavedSpanReplacedBy, unsavedSpansPlugin } from './unsavedSpans';
import { plaintextEditingHostPlugin } from './plaintextEditingHost';
import { lanesAround, replaceSpans, setSpans, spanDecorationsPlugin, type DrawnPlace, type DrawnSpan } from './spanDecorations';
import type { EditorSpan, SpanChange, SpanStore } from './spanStore';
import { TextPositions } from './textPositions';

/** A span range in code points, end exclusive. */
export type CodePointRange = { start: number; end: number };

/** What the editor asks of the view that owns it; each returns once the change is saved or refused. */
export type EditorCommands = {
  /** Labels a range (a new span), or relabels the selected span when `range` is null. Resolves true once saved. */
  label: (label: LabelDef, range: CodePointRange | null) => Promise<boolean>;
  deleteSelected: () => void;
  /** Moves an edge of the selected span: `compute` gives the new range (or why not) from the span as it is when the change runs. */
  resizeSelected: (compute: (span: EditorSpan) => CodePointRange | string) => void;
  /** Enter while an overlap prompt is open: replace. Returns whether a prompt was open. */
  confirmPending: () => boolean;
  /** Escape while a prompt is open: dismiss it. Returns whether one was open. */
  cancelPending: () => boolean;
  focusAttributes: () => void;
  toggleSticky: (label: LabelDef) => void;
  toggleCharMode: () => void;
  message: (text: string) => void;
  /** Whether writes are still on their way to the database. */
  busy: () => boolean;
  /** Runs a selection change once the writes queued before it are saved (keys act in the order pressed). */
  afterWrites: (action: () => void) => void;
  /** Accepts or rejects suggestions: one by id, or every one offered inside a range (code points). */
  acceptSuggestions: (which: { ids: number[] } | { range: CodePointRange }) => void;
  rejectSuggestions: (which: { ids: number[] } | { range: CodePointRange }) => void;
  /** Opens the "label every occurrence in this document" preview for the selected span. */
  labelEveryOccurrence: () => void;
};

/** A suggestion to draw: code points, end exclusive. */
export type EditorSuggestion = { id: number; start: number; end: number; label: string; source: string };

export type AnnotationEditorProps = {
  text: string;
  schema: LabelSchema;
  store: SpanStore;
  /** The sticky label: every new selection gets it. */
  sticky: LabelDef | null;
  /** Select by character rather than by whole words. */
  charMode: boolean;
  commands: EditorCommands;
  /** Suggestions offered in this document (drawn dashed and muted; never spans until accepted). */
  suggestions: readonly EditorSuggestion[];
};

/** What the owning view can do to the editor. */
export type AnnotationEditorHandle = {
  focus: () => void;
  /** Applies a label as its key would (the legend buttons). */
  applyLabel: (label: LabelDef) => void;
  /** Selects the next or previous span (all spans, or only incomplete ones) and shows it. */
  selectNeighbour: (direction: 1 | -1, incompleteOnly?: boolean) => void;
  /** Shows a span (already selected in the store) in the viewport. */
  showSpan: (id: string) => void;
  /** Highlights every hit of a query; returns how many there are and which is current (the first at or after `near`, a code-point offset). */
  find: (query: string, near?: number) => { count: number; current: number };
  /** Moves to the next or previous hit, selecting its text; returns the new current index. */
  findStep: (direction: 1 | -1) => number;
  clearFind: () => void;
  /** The code-point range of the text visible in the viewport. */
  visibleRange: () => CodePointRange;
};

/**
 * Fired on window after every drawing change, for the benchmark and tests: how many saved spans
 * are drawn, and the change ('reset', 'upsert', 'remove', 'select', or 'unsaved' for a new span
 * drawn while its write is on its way).
 */
export const SPANS_DRAWN_EVENT = 'awb:spans-drawn';

/** Each unsaved span's key, unique in the page. */
let nextUnsavedKey = 1;

/**
 * The article in a ProseMirror view: read-only text (every change to the document is filtered
 * out, but selection works by mouse and keyboard), spans drawn as decorations fed incrementally
 * from the SpanStore, find hits, and the annotation keys. React renders this component once per
 * document; spans never pass through React props.
 */
export const AnnotationEditor = forwardRef<AnnotationEditorHandle, AnnotationEditorProps>(function AnnotationEditor(props, ref) {
  const mountRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const positions = useMemo(() => new TextPositions(props.text), [props.text]);
  const latest = useRef(props);
  latest.current = props;
  // Where each drawn span sits and its lane, to find its decoration again when it changes.
  const placesRef = useRef(new Map<string, DrawnPlace & { lane: number }>());
  const findRef = useRef<{ hits: TextRange[]; current: number }>({ hits: [], current: -1 });
  // A selection made by character (Alt-drag) keeps its exact edges when labelled.
  const charSelectionRef = useRef<{ from: number; to: number } | null>(null);

  const handle = useMemo(() => {
    const { text } = positions;
    const view = () => viewRef.current;
    const store = () => latest.current.store;

    const toCodePoints = (range: TextRange): CodePointRange => ({
      start: positions.codePointOfUtf16(range.start),
      end: positions.codePointOfUtf16(range.end),
    });

    const setSelection = (range: TextRange | null, collapseAt?: number) => {
      const current = view();
      if (!current) return;
      const selection = range
        ? TextSelection.create(current.state.doc, positions.posOfUtf16(range.start), positions.posOfUtf16(range.end))
        : TextSelection.create(current.state.doc, collapseAt ?? readSelection(current).head);
      current.dispatch(current.state.tr.setSelection(selection));
    };

    /** The selection snapped as a label would take it, in UTF-16 offsets, or null. */
    const snappedSelection = (): TextRange | null => {
      const current = view();
      if (!current) return null;
      const { from, to } = readSelection(current);
      const range = { start: positions.utf16OfPos(from), end: positions.utf16OfPos(to) };
      const byCharacter = latest.current.charMode || (charSelectionRef.current?.from === from && charSelectionRef.current.to === to);
      return byCharacter ? snapToGraphemes(text, range) : snapToWords(text, range);
    };

    const applyLabel = (label: LabelDef) => {
      const current = view();
      if (!current) return;
      const { commands } = latest.current;
      let range: TextRange | null;
      const selection = readSelection(current);
      if (!selection.empty) {
        range = snappedSelection();
        if (!range) {
          commands.message('The selection holds no words.');
          return;
        }
      } else if (store().selected || commands.busy()) {
        // With a span selected (or about to be, by a write in flight), a label key relabels it.
        void commands.label(label, null);
        return;
      } else {
        const caret = positions.utf16OfPos(selection.head);
        range = wordAt(text, caret);
        if (!range) {
          commands.message('Select some words first (drag, double-click or Shift+arrows), then press a label key.');
          return;
        }
      }
      // The write leaves first; then, in one redraw, the selection collapses (so keys pressed
      // before the save returns act on the new span, not on this text again) and the span is
      // drawn as unsaved until the core has committed it (see unsavedSpans.ts). Where overlaps
      // are forbidden, a range over a known span is not drawn: the core will refuse it.
      const wanted = toCodePoints(range);
      const saved = commands.label(label, wanted);
      const unsaved = latest.current.schema.allowOverlap || !store().overlaps(wanted.start, wanted.end) ? nextUnsavedKey++ : null;
      let tr = current.state.tr.setSelection(TextSelection.create(current.state.doc, positions.posOfUtf16(range.end)));
      if (unsaved !== null) {
        const labelIndex = labelClassIndex(latest.current.schema, label.name);
        tr = addUnsavedSpan(tr, { key: unsaved, from: positions.posOfUtf16(range.start), to: positions.posOfUtf16(range.end), label: label.name, labelIndex });
      }
      current.dispatch(tr);
      if (unsaved === null) return;
      window.dispatchEvent(new CustomEvent(SPANS_DRAWN_EVENT, { detail: { count: placesRef.current.size, change: 'unsaved' } }));
      // Settled either way: saved (the redraw that drew the saved span removed the mark already,
      // unless the span came back different) or refused. The mark goes, keeping any selection the
      // user has made since that ProseMirror has not read yet.
      const drop = () => {
        const view = viewRef.current;
        if (view && hasUnsavedSpan(view.state, unsaved)) view.dispatch(keepSeenSelection(view, removeUnsavedSpans(view.state.tr, [unsaved])));
      };
      saved.then(drop, drop);
    };

    const showSpan = (id: string) => {
      const span = store().get(id);
      const current = view();
      if (!span || !current) return;
      const { node } = current.domAtPos(positions.posOfCodePoint(span.start) + 1);
      const element = node instanceof Element ? node : node.parentElement;
      element?.closest('.awb-span')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    };

    const selectNeighbour = (direction: 1 | -1, incompleteOnly = false) => {
      const current = view();
      if (!current) return;
      const caret = positions.codePointOfPos(readSelection(current).head);
      const next = store().neighbour(direction, caret, incompleteOnly);
      if (!next) {
        latest.current.commands.message(incompleteOnly ? 'No span is missing a required attribute.' : 'This document has no spans yet.');
        return;
      }
      // Collapse the text selection so a label key now relabels this span rather than labelling text.
      setSelection(null, positions.posOfCodePoint(next.start));
      store().select(next.id);
      showSpan(next.id);
    };

    const resizeSelected = (step: WordStep) => {
      latest.current.commands.resizeSelected((span) => {
        const range = { start: positions.offsets.toUtf16(span.start), end: positions.offsets.toUtf16(span.end) };
        const next = stepRange(text, range, step);
        if (!next) return step.startsWith('shrink') ? 'A span keeps at least one word.' : 'There is no word further that way.';
        return toCodePoints(next);
      });
    };

    /** The suggestion under the caret (or the one the caret is at the edge of), if any. */
    const suggestionAtCaret = (): EditorSuggestion | undefined => {
      const current = view();
      if (!current) return undefined;
      const caret = positions.codePointOfPos(readSelection(current).head);
      return latest.current.suggestions.find((suggestion) => suggestion.start <= caret && caret <= suggestion.end);
    };

    /** Moves the caret into the next or previous suggestion and shows it. */
    const stepSuggestion = (direction: 1 | -1) => {
      const current = view();
      if (!current) return;
      const caret = positions.codePointOfPos(readSelection(current).head);
      const { suggestions } = latest.current;
      const next = direction === 1 ? suggestions.find((s) => s.start > caret) : [...suggestions].reverse().find((s) => s.end < caret);
      if (!next) {
        latest.current.commands.message(suggestions.length === 0 ? 'No suggestions in this document.' : 'No more suggestions that way.');
        return;
      }
      store().select(null);
      setSelection(null, positions.posOfCodePoint(next.start));
      const { node } = current.domAtPos(positions.posOfCodePoint(next.start) + 1);
      const element = node instanceof Element ? node : node.parentElement;
      element?.closest('.awb-suggestion')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      drawSuggestions();
    };

    const visibleRange = (): CodePointRange => {
      const current = view();
      const whole = { start: 0, end: positions.offsets.codePointLength };
      if (!current) return whole;
      const scroller = current.dom.closest('.awb-main') ?? document.scrollingElement;
      const box = scroller?.getBoundingClientRect();
      const dom = current.dom.getBoundingClientRect();
      if (!box) return whole;
      const left = dom.left + 2;
      const right = dom.right - 2;
      const top = Math.max(box.top, dom.top) + 2;
      const bottom = Math.min(box.bottom, dom.bottom) - 2;
      const first = current.posAtCoords({ left, top }) ?? current.posAtCoords({ left: right, top });
      const last = current.posAtCoords({ left: right, top: bottom }) ?? current.posAtCoords({ left, top: bottom });
      // A line's start and end are at either side depending on direction: take the widest reading.
      const start = first ? positions.codePointOfPos(first.pos) : 0;
      const end = last ? positions.codePointOfPos(last.pos) : whole.end;
      const lineEnd = (offset: number) => {
        const utf16 = positions.offsets.toUtf16(offset);
        const newline = positions.text.indexOf('\n', utf16);
        return newline < 0 ? whole.end : positions.codePointOfUtf16(newline);
      };
      const lineStart = (offset: number) => {
        const utf16 = positions.offsets.toUtf16(offset);
        const newline = positions.text.lastIndexOf('\n', Math.max(0, utf16 - 1));
        return newline < 0 ? 0 : positions.codePointOfUtf16(newline + 1);
      };
      return { start: lineStart(Math.min(start, end)), end: lineEnd(Math.max(start, end)) };
    };

    /**
     * Draws the suggestions, the one under the caret outlined. Redrawn when the list changes and
     * when N moves to a suggestion, never on every selection change: replacing decorations while
     * the mouse is dragging would disturb the DOM selection being made.
     */
    const drawSuggestions = () => {
      const current = view();
      if (!current) return;
      const caretOn = suggestionAtCaret();
      const { schema, suggestions } = latest.current;
      const drawn: DrawnSuggestion[] = suggestions.map((suggestion) => ({
        id: suggestion.id,
        from: positions.posOfCodePoint(suggestion.start),
        to: positions.posOfCodePoint(suggestion.end),
        label: suggestion.label,
        labelIndex: labelClassIndex(schema, suggestion.label),
        source: suggestion.source,
        current: suggestion === caretOn,
      }));
      current.dispatch(keepSeenSelection(current, setSuggestions(current.state.tr, drawn)));
    };

    const showFind = (current: number) => {
      const editor = view();
      if (!editor) return;
      const hits = findRef.current.hits.map((hit) => ({ from: positions.posOfUtf16(hit.start), to: positions.posOfUtf16(hit.end) }));
      findRef.current.current = current;
      editor.dispatch(setFindHits(editor.state.tr, hits, current));
      if (current >= 0) scrollRangeIntoView(currentHitRange());
    };

    return {
      text,
      suggestionAtCaret,
      stepSuggestion,
      drawSuggestions,
      visibleRange,
      applyLabel,
      selectNeighbour,
      resizeSelected,
      snappedSelection,
      setSelection,
      charSelectionRef,
      editorHandle: {
        // ProseMirror's focus() writes its selection into the DOM; when the text already has focus
        // that would undo a selection it has not read yet.
        focus: () => {
          const current = view();
          if (current && !current.hasFocus()) current.focus();
        },
        applyLabel,
        selectNeighbour,
        showSpan,
        find: (query: string, near?: number) => {
          const hits = findInText(text, query);
          findRef.current.hits = hits;
          const nearUtf16 = near === undefined ? -1 : positions.offsets.toUtf16(Math.min(near, positions.offsets.codePointLength));
          const first =
            hits.length === 0
              ? -1
              : Math.max(
                  0,
                  hits.findIndex((hit) => hit.start >= nearUtf16),
                );
          showFind(first);
          // A revealed hit is selected, so a label key labels it at once.
          const hit = hits[first];
          if (near !== undefined && hit) setSelection(hit);
          return { count: hits.length, current: first };
        },
        findStep: (direction: 1 | -1) => {
          const { hits, current } = findRef.current;
          if (hits.length === 0) return -1;
          const next = (current + direction + hits.length) % hits.length;
          showFind(next);
          const hit = hits[next];
          // Selecting the hit's text means a label key now labels it.
          if (hit) setSelection(hit);
          return next;
        },
        clearFind: () => {
          findRef.current = { hits: [], current: -1 };
          const editor = view();
          if (editor) editor.dispatch(setFindHits(editor.state.tr, [], -1));
        },
        visibleRange,
      } satisfies AnnotationEditorHandle,
    };
  }, [positions]);

  useImperativeHandle(ref, () => handle.editorHandle, [handle]);

  useEffect(() => handle.drawSuggestions(), [handle, props.suggestions]);

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount) return undefined;
    const places = placesRef.current;
    places.clear();
    const afterMouseSelection = (byCharacter: boolean) => {
      const view = viewRef.current;
      if (!view) return;
      const { from, to, empty } = readSelection(view);
      if (empty) return;
      const range = { start: positions.utf16OfPos(from), end: positions.utf16OfPos(to) };
      const snapped = byCharacter || latest.current.charMode ? snapToGraphemes(positions.text, range) : snapToWords(positions.text, range);
      if (!snapped) return;
      // Show exactly what a label key will take.
      handle.setSelection(snapped);
      const selection = viewRef.current?.state.selection;
      handle.charSelectionRef.current = byCharacter && selection ? { from: selection.from, to: selection.to } : null;
      const { sticky } = latest.current;
      if (sticky) handle.applyLabel(sticky);
    };

    const drawn = (span: EditorSpan, lane: number): DrawnSpan => ({
      id: span.id,
      from: positions.posOfCodePoint(span.start),
      to: positions.posOfCodePoint(span.end),
      label: span.label,
      labelIndex: labelClassIndex(latest.current.schema, span.label),
      lane,
      selected: latest.current.store.selected?.id === span.id,
      incomplete: latest.current.store.isIncomplete(span),
    });

    const remember = (span: DrawnSpan) => places.set(span.id, { id: span.id, from: span.from, to: span.to, lane: span.lane });

    // The spans are in the first state, so the text is rendered once, with them, rather than
    // rendered bare and then again with 10,000 decorations.
    const initialSpans = assignLanes(latest.current.store.all(), latest.current.schema.allowOverlap).map(([span, lane]) => drawn(span, lane));
    initialSpans.forEach(remember);

    const view = new EditorView(mount, {
      state: EditorState.create({
        doc: positions.layout.doc,
        plugins: [
          spanDecorationsPlugin({ labelWidgets: latest.current.schema.allowOverlap, initial: initialSpans }),
          findDecorationsPlugin(),
          suggestionDecorationsPlugin(),
          unsavedSpansPlugin(),
          plaintextEditingHostPlugin(),
        ],
      }),
      editable: () => true,
      attributes: {
        spellcheck: 'false',
        'aria-label': 'Article text',
        'aria-readonly': 'true',
        class: latest.current.schema.allowOverlap ? 'awb-editor awb-overlap' : 'awb-editor',
        translate: 'no',
      },
      // The text is never edited: only selection and decoration transactions get through.
      dispatchTransaction(tr) {
        if (tr.docChanged) return;
        view.updateState(view.state.apply(tr));
      },
      handleTextInput: () => true,
      handlePaste: () => true,
      handleDrop: () => true,
      handleClick(_view, pos) {
        const { store, commands } = latest.current;
        commands.afterWrites(() => store.select(store.at(positions.codePointOfPos(pos))[0]?.id ?? null));
        return false;
      },
      handleDoubleClick(_view, pos) {
        const word = wordAt(positions.text, positions.utf16OfPos(pos));
        if (!word) return false;
        handle.setSelection(word);
        // The mouseup that follows applies a sticky label.
        return true;
      },
      handleDOMEvents: {
        mouseup(_view, event) {
          const byCharacter = event.altKey;
          // ProseMirror reads the DOM selection after this event; look once it has.
          setTimeout(() => afterMouseSelection(byCharacter), 0);
          return false;
        },
      },
      handleKeyDown(_view, event) {
        const { commands, store, schema } = latest.current;
        if (event.ctrlKey || event.metaKey || event.altKey) return false;
        // Suggestion keys give way to a label that uses the same letter.
        const suggestionAction = labelForKey(schema.labels, event) ? null : suggestionKey(event);
        switch (suggestionAction) {
          case 'acceptAll':
            commands.acceptSuggestions({ range: handle.visibleRange() });
            return true;
          case 'reject': {
            const under = handle.suggestionAtCaret();
            if (under) commands.rejectSuggestions({ ids: [under.id] });
            else commands.message('Put the caret on a suggestion (N moves to the next one), then press X to reject it.');
            return true;
          }
          case 'rejectAll':
            commands.rejectSuggestions({ range: handle.visibleRange() });
            return true;
          case 'next':
          case 'previous':
            handle.stepSuggestion(suggestionAction === 'next' ? 1 : -1);
            return true;
          case 'everyOccurrence':
            commands.labelEveryOccurrence();
            return true;
          case null:
            break;
        }
        switch (event.key) {
          case 'Tab':
          case 'F8': {
            const direction = event.shiftKey ? -1 : 1;
            const incompleteOnly = event.key === 'F8';
            commands.afterWrites(() => handle.selectNeighbour(direction, incompleteOnly));
            return true;
          }
          case 'Escape':
            if (commands.cancelPending()) return true;
            commands.afterWrites(() => {
              if (store.selected) store.select(null);
              else handle.setSelection(null);
            });
            return true;
          case 'Enter': {
            if (commands.confirmPending()) return true;
            const { sticky } = latest.current;
            if (sticky && viewRef.current && !readSelection(viewRef.current).empty) handle.applyLabel(sticky);
            else if (store.selected) commands.focusAttributes();
            else {
              const under = handle.suggestionAtCaret();
              if (under) commands.acceptSuggestions({ ids: [under.id] });
            }
            return true;
          }
          case 'Delete':
          case 'Backspace':
            if (store.selected || commands.busy()) commands.deleteSelected();
            return true;
          case '`':
            commands.toggleCharMode();
            return true;
        }
        const step = wordStepForKey(event.key);
        if (step) {
          handle.resizeSelected(step);
          return true;
        }
        const label = labelForKey(schema.labels, event);
        if (!label) return false;
        if (event.shiftKey) commands.toggleSticky(label);
        else handle.applyLabel(label);
        return true;
      },
    });
    viewRef.current = view;

    const handleChange = (change: SpanChange) => {
      const { store, schema } = latest.current;
      let tr = view.state.tr;
      switch (change.type) {
        case 'reset': {
          places.clear();
          const spans = assignLanes(store.all(), schema.allowOverlap).map(([span, lane]) => drawn(span, lane));
          spans.forEach(remember);
          tr = setSpans(tr, spans);
          break;
        }
        case 'upsert': {
          const remove: DrawnPlace[] = [];
          const add: DrawnSpan[] = [];
          const replacedUnsaved: number[] = [];
          for (const span of change.spans) {
            const old = places.get(span.id);
            if (old) remove.push(old);
            const from = positions.posOfCodePoint(span.start);
            const to = positions.posOfCodePoint(span.end);
            const lane = schema.allowOverlap ? lowestFreeLane(lanesAround(view.state, from, to, span.id)) : 0;
            const next = drawn(span, lane);
            remember(next);
            add.push(next);
            const unsaved = old ? null : unsavedSpanReplacedBy(view.state, next);
            if (unsaved !== null) replacedUnsaved.push(unsaved);
          }
          // The selection moved to one of these spans: the one it left is redrawn unselected.
          const left = change.deselected ? store.get(change.deselected) : undefined;
          const leftPlace = change.deselected ? places.get(change.deselected) : undefined;
          if (left && leftPlace && !change.spans.some((span) => span.id === left.id)) {
            remove.push(leftPlace);
            add.push(drawn(left, leftPlace.lane));
          }
          tr = removeUnsavedSpans(replaceSpans(tr, remove, add), replacedUnsaved);
          break;
        }
        case 'remove': {
          const remove = change.ids.flatMap((id) => places.get(id) ?? []);
          change.ids.forEach((id) => places.delete(id));
          tr = replaceSpans(tr, remove, []);
          break;
        }
        case 'select': {
          const remove: DrawnPlace[] = [];
          const add: DrawnSpan[] = [];
          for (const id of [change.from, change.to]) {
            const span = id === null ? undefined : store.get(id);
            const old = id === null ? undefined : places.get(id);
            if (!span || !old) continue;
            remove.push(old);
            add.push(drawn(span, old.lane));
          }
          tr = replaceSpans(tr, remove, add);
          break;
        }
      }
      view.dispatch(keepSeenSelection(view, tr));
      window.dispatchEvent(new CustomEvent(SPANS_DRAWN_EVENT, { detail: { count: places.size, change: change.type } }));
    };
    const unsubscribe = latest.current.store.subscribe(handleChange);
    handle.drawSuggestions();
    window.dispatchEvent(new CustomEvent(SPANS_DRAWN_EVENT, { detail: { count: places.size, change: 'reset' } }));
    return () => {
      unsubscribe();
      view.destroy();
      viewRef.current = null;
    };
    // The view is rebuilt only for a new text (a new document); the store comes with it.
  }, [positions, handle]);

  return <div ref={mountRef} className="awb-editor-mount" />;
});

/** Scrolls the nearest scrolling ancestor so a range sits in the middle of it. */
function scrollRangeIntoView(range: Range | null): void {
  if (!range) return;
  const start = range.startContainer;
  const element = start instanceof Element ? start : start.parentElement;
  const scroller = element?.closest('.awb-main') ?? document.scrollingElement;
  if (!scroller) return;
  const rect = range.getBoundingClientRect();
  const box = scroller.getBoundingClientRect();
  if (rect.top >= box.top + 40 && rect.bottom <= box.bottom - 40) return;
  scroller.scrollTop += rect.top - box.top - box.height / 2;
}

/**
 * The selection as the user sees it. ProseMirror learns of DOM selection changes on the
 * asynchronous selectionchange event, so right after fast Shift+arrow presses its state can lag
 * behind; while the editor has focus the DOM selection is the truth.
 */
function readSelection(view: EditorView): { from: number; to: number; head: number; empty: boolean } {
  const dom = view.root instanceof Document ? view.root.getSelection() : null;
  if (view.hasFocus() && dom?.anchorNode && dom.focusNode && view.dom.contains(dom.anchorNode) && view.dom.contains(dom.focusNode)) {
    try {
      const anchor = view.posAtDOM(dom.anchorNode, dom.anchorOffset);
      const head = view.posAtDOM(dom.focusNode, dom.focusOffset);
      return { from: Math.min(anchor, head), to: Math.max(anchor, head), head, empty: anchor === head };
    } catch {
      // A node ProseMirror does not map (should not happen in this read-only view): fall back to its state.
    }
  }
  const { from, to, head, empty } = view.state.selection;
  return { from, to, head, empty };
}

/**
 * ProseMirror reads a selection the user just made on `selectionchange`, which can arrive after a
 * redraw (a save answering, say): redrawing first would put its older selection back over the new
 * one. Redraws carry along the selection the user sees.
 */
function keepSeenSelection(view: EditorView, tr: Transaction): Transaction {
  if (!view.hasFocus()) return tr;
  const seen = readSelection(view);
  const anchor = seen.head === seen.from ? seen.to : seen.from;
  const { selection } = view.state;
  if (selection.anchor === anchor && selection.head === seen.head) return tr;
  return tr.setSelection(TextSelection.create(tr.doc, anchor, seen.head));
}

/** Lanes for overlapping spans: each takes the lowest lane free among the spans it overlaps. */
function assignLanes(spans: readonly EditorSpan[], allowOverlap: boolean): [EditorSpan, number][] {
  if (!allowOverlap) return spans.map((span) => [span, 0]);
  const active: { end: number; lane: number }[] = [];
  return spans.map((span) => {
    for (let i = active.length - 1; i >= 0; i--) if ((active[i]?.end ?? 0) <= span.start) active.splice(i, 1);
    const lane = lowestFreeLane(new Set(active.map((entry) => entry.lane)));
    active.push({ end: span.end, lane });
    return [span, lane];
  });
}

function lowestFreeLane(used: Set<number>): number {
  let lane = 0;
  while (used.has(lane)) lane++;
  return lane;
}
