import { describe, expect, it } from 'vitest';
import { buildPlaces, disagreements, spanSignature, type PlaceSpan } from './places';

const span = (id: string, start: number, end: number, label: string, attributes: PlaceSpan['attributes'] = {}): PlaceSpan => ({
  id,
  start,
  end,
  label,
  attributes,
});

describe('buildPlaces', () => {
  it('groups spans linked by shared characters into places, in text order, with agreement and the gold decision', () => {
    const ana = { annotatorId: 'ana', spans: [span('a1', 0, 5, 'ACTOR'), span('a2', 10, 14, 'LOCATION'), span('a3', 30, 35, 'WEAPON')] };
    const bo = { annotatorId: 'bo', spans: [span('b1', 0, 5, 'ACTOR'), span('b2', 12, 20, 'LOCATION'), span('b3', 19, 25, 'ACTOR')] };
    const gold = [span('g1', 0, 5, 'ACTOR')];
    const places = buildPlaces([ana, bo], gold);
    expect(places.map((place) => [place.start, place.end, place.agreed, place.goldMatches])).toEqual([
      [0, 5, true, ['ana', 'bo']],
      // 10–14 and 12–20 overlap, 19–25 chains on to 12–20: one place although 10–14 and 19–25 share nothing.
      [10, 25, false, []],
      [30, 35, false, []],
    ]);
    expect(places[1]!.lanes.map((lane) => lane.spans.map((entry) => entry.id))).toEqual([['a2'], ['b2', 'b3']]);
    expect(places[2]!.lanes[1]!.spans).toEqual([]);
    expect(disagreements(places).map((place) => place.index)).toEqual([1, 2]);
  });

  it('counts attributes in agreement (a null attribute is the same as none) and ignores key order', () => {
    const ana = { annotatorId: 'ana', spans: [span('a', 0, 4, 'LOCATION', { granularity: 'site', note: null })] };
    const bo = { annotatorId: 'bo', spans: [span('b', 0, 4, 'LOCATION', { granularity: 'site' })] };
    const cy = { annotatorId: 'cy', spans: [span('c', 0, 4, 'LOCATION', { granularity: 'region' })] };
    expect(buildPlaces([ana, bo], [])[0]!.agreed).toBe(true);
    expect(buildPlaces([ana, bo, cy], [])[0]!.agreed).toBe(false);
    expect(spanSignature(span('x', 1, 2, 'A', { b: 1, a: 2 }))).toBe(spanSignature(span('y', 1, 2, 'A', { a: 2, b: 1 })));
  });

  it('is never agreed with one lane, and a gold span alone makes a place of its own', () => {
    const places = buildPlaces([{ annotatorId: 'ana', spans: [span('a', 0, 3, 'ACTOR')] }], [span('g', 5, 9, 'LOCATION')]);
    expect(places.map((place) => [place.start, place.agreed, place.gold.length])).toEqual([
      [0, false, 0],
      [5, false, 1],
    ]);
  });
});
