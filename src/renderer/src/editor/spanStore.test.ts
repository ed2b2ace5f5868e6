import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../shared/contract/methods/annotations';
import { LabelSchema } from '../../../shared/domain/labelSchema';
import { SpanStore, type SpanChange } from './spanStore';

const schema = LabelSchema.parse({
  version: 1,
  allowOverlap: true,
  labels: [
    { name: 'ACTOR', color: '#0072B2', key: 'a', attributes: [{ name: 'actor_type', type: 'enum', required: true, values: ['state_force', 'other'] }] },
    { name: 'LOCATION', color: '#009E73', key: 'l' },
  ],
});

let counter = 0;
function span(start: number, end: number, label = 'LOCATION', attributes: Annotation['attributes'] = {}): Annotation {
  counter += 1;
  return {
    id: `id-${String(counter).padStart(4, '0')}`,
    documentId: 'doc',
    annotatorId: 'me',
    start,
    end,
    label,
    attributes,
    quote: 'x'.repeat(end - start),
    origin: 'manual',
    revision: 1,
    createdAt: 'now',
    updatedAt: 'now',
  };
}

describe('SpanStore', () => {
  it('selects a span it adds in the same change, naming the span the selection left', () => {
    const store = new SpanStore(schema);
    const [a, b] = [span(0, 5), span(10, 15)];
    const changes: SpanChange[] = [];
    store.upsert([a], a.id);
    store.subscribe((change) => changes.push(change));
    store.upsert([b], b.id);
    expect(changes).toEqual([{ type: 'upsert', spans: [b], deselected: a.id }]);
    expect(store.selected?.id).toBe(b.id);
    // Selecting it again changes nothing more; an upsert without `select`, or naming a span it does not hold, keeps the selection.
    store.select(b.id);
    store.upsert([a]);
    store.upsert([a], 'elsewhere');
    expect(changes.map((change) => change.type)).toEqual(['upsert', 'upsert', 'upsert']);
    expect(changes.slice(1).every((change) => change.type === 'upsert' && change.deselected === undefined)).toBe(true);
    expect(store.selected?.id).toBe(b.id);
    expect(store.getSummary().selected?.id).toBe(b.id);
  });

  it('keeps spans ordered by start through inserts, moves and removals, and reports each change', () => {
    const store = new SpanStore(schema);
    const changes: SpanChange['type'][] = [];
    store.subscribe((change) => changes.push(change.type));
    const [a, b, c] = [span(50, 55), span(10, 20), span(30, 40)];
    store.reset([a, b]);
    store.upsert([c]);
    expect(store.all().map((s) => s.start)).toEqual([10, 30, 50]);
    store.upsert([{ ...b, start: 60, end: 70, revision: 2 }]);
    expect(store.all().map((s) => s.start)).toEqual([30, 50, 60]);
    store.remove([c.id, 'unknown']);
    expect(store.all().map((s) => s.id)).toEqual([a.id, b.id]);
    expect(changes).toEqual(['reset', 'upsert', 'upsert', 'remove']);
    expect(store.getSummary()).toMatchObject({ count: 2, version: 4 });
  });

  it('counts spans missing a required attribute and walks them with neighbour()', () => {
    const store = new SpanStore(schema);
    const [missing, done, missingToo] = [span(0, 5, 'ACTOR'), span(10, 15, 'ACTOR', { actor_type: 'other' }), span(20, 25, 'ACTOR')];
    store.reset([missing, done, missingToo]);
    expect(store.getSummary().incomplete).toBe(2);
    expect(store.neighbour(1, 6, true)?.id).toBe(missingToo.id);
    expect(store.neighbour(1, 21, true)?.id).toBe(missing.id); // wraps round
    store.select(missingToo.id);
    expect(store.neighbour(-1, 0, true)?.id).toBe(missing.id);
    expect(store.neighbour(-1, 0)?.id).toBe(done.id);
    store.upsert([{ ...missing, attributes: { actor_type: 'state_force' } }]);
    expect(store.getSummary().incomplete).toBe(1);
  });

  it('finds the spans under an offset, innermost first, however long the spans are', () => {
    const store = new SpanStore(schema);
    const outer = span(0, 5000);
    const inner = span(100, 110);
    const other = span(4990, 6000);
    store.reset([outer, inner, other]);
    expect(store.at(105).map((s) => s.id)).toEqual([inner.id, outer.id]);
    expect(store.at(4995).map((s) => s.id)).toEqual([other.id, outer.id]);
    expect(store.at(5500).map((s) => s.id)).toEqual([other.id]);
    expect(store.at(6000)).toEqual([]);
  });

  it('tells whether a range overlaps any span, as a scan of every span would', () => {
    const ranges = fc.array(fc.tuple(fc.nat(200), fc.integer({ min: 1, max: 60 })), { maxLength: 40 });
    fc.assert(
      fc.property(ranges, fc.nat(220), fc.integer({ min: 1, max: 30 }), (spans, start, length) => {
        const store = new SpanStore(schema);
        const held = spans.map(([from, size]) => span(from, from + size));
        store.reset(held);
        const end = start + length;
        expect(store.overlaps(start, end)).toBe(held.some((s) => s.start < end && s.end > start));
      }),
    );
    const store = new SpanStore(schema);
    store.reset([span(10, 20)]);
    expect([store.overlaps(0, 10), store.overlaps(20, 25), store.overlaps(19, 21), store.overlaps(0, 30)]).toEqual([false, false, true, true]);
  });

  it('forgets the selection when its span goes, and selects only spans it holds', () => {
    const store = new SpanStore(schema);
    const one = span(0, 3);
    store.reset([one]);
    store.select('nope');
    expect(store.selected).toBeNull();
    store.select(one.id);
    expect(store.getSummary().selected?.id).toBe(one.id);
    store.remove([one.id]);
    expect(store.selected).toBeNull();
  });
});
