import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/** A span as the editor draws it: editor positions, not text offsets. */
export type DrawnSpan = {
  id: string;
  from: number;
  to: number;
  label: string;
  labelIndex: number;
  /** Which underline lane the span uses when spans overlap (0 when they may not). */
  lane: number;
  selected: boolean;
  /** A required attribute is missing. */
  incomplete: boolean;
};

/** Where a drawn span sits, enough to find its decoration again. */
export type DrawnPlace = { id: string; from: number; to: number };

type SpanMeta = { type: 'set'; spans: DrawnSpan[] } | { type: 'replace'; remove: DrawnPlace[]; add: DrawnSpan[] };

type SpanSpec = { id: string; lane: number; tag?: true };

const spansKey = new PluginKey<DecorationSet>('awb-spans');

/** The number of underline lanes styled in app.css; deeper nesting shares the last lane. */
export const LANES = 4;

/**
 * The decorations of one span. The span is one inline decoration whose element shows the label
 * after it (a CSS pseudo-element, never text, so it has no offset and is never selected). Where
 * the schema allows overlap, spans split each other's elements into pieces, so the label rides
 * instead on an empty widget at the span's end and appears once.
 */
function decorationsFor(span: DrawnSpan, labelWidgets: boolean): Decoration[] {
  const classes = ['awb-span', `awb-label-${span.labelIndex}`];
  if (span.lane > 0) classes.push(`awb-lane-${Math.min(span.lane, LANES - 1)}`);
  if (span.selected) classes.push('is-selected');
  if (span.incomplete) classes.push('is-incomplete');
  // nodeName gives each span its own element, so nested or crossing spans stay separate elements
  // (each with its own colour and lane) instead of being merged into one.
  const inline = Decoration.inline(span.from, span.to, { nodeName: 'span', class: classes.join(' '), 'data-label': span.label }, {
    id: span.id,
    lane: span.lane,
  } satisfies SpanSpec);
  if (!labelWidgets) return [inline];
  const tagClass = `awb-tag awb-label-${span.labelIndex}${span.incomplete ? ' is-incomplete' : ''}`;
  const tag = Decoration.widget(
    span.to,
    () => {
      const element = document.createElement('span');
      element.className = tagClass;
      element.setAttribute('data-label', span.label);
      element.setAttribute('aria-hidden', 'true');
      return element;
    },
    { side: -1, ignoreSelection: true, key: `${span.id}:${tagClass}`, id: span.id, lane: span.lane, tag: true } satisfies SpanSpec & Record<string, unknown>,
  );
  return [inline, tag];
}

/**
 * Draws saved spans as inline decorations in their label's colour, with the label shown. Changes
 * arrive as small replace steps (remove these, add those), so adding the 10,000th span touches
 * one branch of the decoration tree and one paragraph of the DOM, never all spans.
 */
export function spanDecorationsPlugin(options: { labelWidgets: boolean; initial: DrawnSpan[] }): Plugin<DecorationSet> {
  const decorate = (span: DrawnSpan) => decorationsFor(span, options.labelWidgets);
  return new Plugin<DecorationSet>({
    key: spansKey,
    state: {
      init: (_config, state) => DecorationSet.create(state.doc, options.initial.flatMap(decorate)),
      apply(tr, decorations) {
        const meta = tr.getMeta(spansKey) as SpanMeta | undefined;
        if (!meta) return tr.docChanged ? decorations.map(tr.mapping, tr.doc) : decorations;
        switch (meta.type) {
          case 'set':
            return DecorationSet.create(tr.doc, meta.spans.flatMap(decorate));
          case 'replace': {
            const stale = meta.remove.flatMap((place) => findSpan(decorations, place));
            const trimmed = stale.length > 0 ? decorations.remove(stale) : decorations;
            return meta.add.length > 0 ? trimmed.add(tr.doc, meta.add.flatMap(decorate)) : trimmed;
          }
        }
      },
    },
    props: {
      decorations: (state) => spansKey.getState(state),
    },
  });
}

function findSpan(decorations: DecorationSet, place: DrawnPlace): Decoration[] {
  return decorations.find(place.from, place.to, (spec: Partial<SpanSpec>) => spec.id === place.id);
}

/** Replaces every drawn span. */
export function setSpans(tr: Transaction, spans: DrawnSpan[]): Transaction {
  return tr.setMeta(spansKey, { type: 'set', spans } satisfies SpanMeta);
}

/** Removes some drawn spans and draws others, in one step. */
export function replaceSpans(tr: Transaction, remove: DrawnPlace[], add: DrawnSpan[]): Transaction {
  return tr.setMeta(spansKey, { type: 'replace', remove, add } satisfies SpanMeta);
}

/** The lanes used by drawn spans (other than `exceptId`) overlapping [from, to). */
export function lanesAround(state: EditorState, from: number, to: number, exceptId: string): Set<number> {
  const decorations = spansKey.getState(state);
  const lanes = new Set<number>();
  for (const decoration of decorations?.find(from, to) ?? []) {
    const spec = decoration.spec as SpanSpec;
    if (!spec.tag && decoration.from < to && decoration.to > from && spec.id !== exceptId) lanes.add(spec.lane);
  }
  return lanes;
}

/** The span decorations of a state (to tell whether a transaction redrew spans). */
export function spanDecorationsOf(state: EditorState): DecorationSet | undefined {
  return spansKey.getState(state);
}
