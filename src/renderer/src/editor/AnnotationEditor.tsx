import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef } from 'react';
import type { Annotation } from '../../../shared/contract/methods/annotations';
import type { LabelDef } from '../../../shared/domain/labelSchema';
import { OffsetMap } from '../../../shared/text/offsetMap';
import { snapToWords } from '../../../shared/text/wordSnap';
import { addSpans, drawnSpanIds, setSpans, spanDecorationsPlugin, type DrawnSpan } from './spanDecorations';
import { buildTextLayout, offsetOfPosition, positionOfOffset, type TextLayout } from './textLayout';

/** A request to label the current selection, in code-point offsets. */
export type LabelRequest = { label: string; start: number; end: number };

export type AnnotationEditorProps = {
  text: string;
  spans: Annotation[];
  labels: LabelDef[];
  /** Saves a span; the editor draws it only once the parent passes it back in `spans`. */
  onLabelRequest: (request: LabelRequest) => Promise<boolean>;
  onMessage: (message: string) => void;
};

export type AnnotationEditorHandle = { applyLabel: (label: string) => void; focus: () => void };

/** Finds the label a key press names: 1–9 by position, or the label's own letter. */
export function labelForKey(labels: LabelDef[], key: string): LabelDef | undefined {
  if (/^[1-9]$/.test(key)) return labels[Number(key) - 1];
  return labels.find((label) => label.key === key.toLowerCase());
}

function toDrawn(span: Annotation, layout: TextLayout, offsets: OffsetMap, labels: LabelDef[]): DrawnSpan {
  return {
    id: span.id,
    from: positionOfOffset(layout, offsets.toUtf16(span.start)),
    to: positionOfOffset(layout, offsets.toUtf16(span.end)),
    label: span.label,
    labelIndex: Math.max(
      0,
      labels.findIndex((label) => label.name === span.label),
    ),
  };
}

/**
 * The selection as the browser has it now. ProseMirror learns of DOM selection changes from the
 * asynchronous `selectionchange` event, so a label key pressed right after Shift+arrow could
 * otherwise see the previous selection.
 */
function liveSelection(view: EditorView): { from: number; to: number } {
  const selection = view.dom.ownerDocument.getSelection();
  const { anchorNode, focusNode } = selection ?? {};
  if (selection && anchorNode && focusNode && view.dom.contains(anchorNode) && view.dom.contains(focusNode)) {
    try {
      const anchor = view.posAtDOM(anchorNode, selection.anchorOffset);
      const head = view.posAtDOM(focusNode, selection.focusOffset);
      return { from: Math.min(anchor, head), to: Math.max(anchor, head) };
    } catch {
      // A node ProseMirror does not map (rare): fall back to its own view of the selection.
    }
  }
  return view.state.selection;
}

/**
 * The article in a ProseMirror view: read-only text (every change to the document is filtered
 * out, but selection works by mouse and keyboard), spans drawn as decorations, and label keys
 * that turn the selection into a span snapped to whole words.
 */
export const AnnotationEditor = forwardRef<AnnotationEditorHandle, AnnotationEditorProps>(function AnnotationEditor(props, ref) {
  const mountRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const layout = useMemo(() => buildTextLayout(props.text), [props.text]);
  const offsets = useMemo(() => new OffsetMap(props.text), [props.text]);
  const latest = useRef(props);
  latest.current = props;

  const applyLabel = (labelName: string) => {
    const view = viewRef.current;
    if (!view) return;
    const { from, to } = liveSelection(view);
    if (from === to) {
      latest.current.onMessage('Select some words first, then press a label key.');
      return;
    }
    const snapped = snapToWords(props.text, { start: offsetOfPosition(layout, from), end: offsetOfPosition(layout, to) });
    if (!snapped) {
      latest.current.onMessage('The selection holds no words.');
      return;
    }
    const request = { label: labelName, start: offsets.toCodePoint(snapped.start), end: offsets.toCodePoint(snapped.end) };
    void latest.current.onLabelRequest(request).then((saved) => {
      const current = viewRef.current;
      if (saved && current) {
        const end = positionOfOffset(layout, snapped.end);
        current.dispatch(current.state.tr.setSelection(TextSelection.create(current.state.doc, end)));
      }
    });
  };

  useImperativeHandle(ref, () => ({ applyLabel, focus: () => viewRef.current?.focus() }));

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount) return undefined;
    const view = new EditorView(mount, {
      state: EditorState.create({ doc: layout.doc, plugins: [spanDecorationsPlugin()] }),
      editable: () => true,
      attributes: { spellcheck: 'false', 'aria-label': 'Article text', 'aria-readonly': 'true', class: 'awb-editor' },
      // The text is never edited: only selection and decoration transactions get through.
      dispatchTransaction(tr) {
        if (tr.docChanged) return;
        view.updateState(view.state.apply(tr));
      },
      handleTextInput: () => true,
      handlePaste: () => true,
      handleDrop: () => true,
      handleKeyDown(_view, event) {
        if (event.ctrlKey || event.metaKey || event.altKey) return false;
        const label = labelForKey(latest.current.labels, event.key);
        if (label) {
          applyLabel(label.name);
          return true;
        }
        // Keys that would edit the text do nothing; navigation keys keep their default.
        return event.key === 'Enter' || event.key === 'Backspace' || event.key === 'Delete';
      },
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // The view is rebuilt only when the text changes (a new document).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const drawn = new Set(drawnSpanIds(view.state));
    const wanted = new Set(props.spans.map((span) => span.id));
    const added = props.spans.filter((span) => !drawn.has(span.id));
    const removed = [...drawn].filter((id) => !wanted.has(id));
    if (added.length === 0 && removed.length === 0) return;
    // Adding is incremental (one label key, one decoration); anything else redraws the set.
    const tr =
      removed.length === 0
        ? addSpans(
            view.state.tr,
            added.map((span) => toDrawn(span, layout, offsets, props.labels)),
          )
        : setSpans(
            view.state.tr,
            props.spans.map((span) => toDrawn(span, layout, offsets, props.labels)),
          );
    view.dispatch(tr);
  }, [props.spans, props.labels, layout, offsets]);

  return <div ref={mountRef} className="awb-editor-mount" />;
});
