import { describe, expect, it } from 'vitest';
import { AttributeCache, LabelInterner, unpackSpans } from './packedSpans';

const F = '\u001f';
const S = '\u001e';
const unpack = (packed: string, count: number) => unpackSpans(packed, count, new LabelInterner(), new AttributeCache());

describe('unpackSpans', () => {
  it('cuts a packed group into spans, sharing labels and attribute objects', () => {
    const spans = unpack([`0${F}9${F}ACTOR${F}s1${F}{"side":"a"}`, `19${F}27${F}LOCATION${F}s2${F}{}`, `31${F}37${F}ACTOR${F}s3${F}{"side":"a"}`].join(S), 3)!;
    expect(spans).toEqual([
      { id: 's1', start: 0, end: 9, label: 'ACTOR', attributes: { side: 'a' } },
      { id: 's2', start: 19, end: 27, label: 'LOCATION', attributes: {} },
      { id: 's3', start: 31, end: 37, label: 'ACTOR', attributes: { side: 'a' } },
    ]);
    expect(spans[2]!.attributes).toBe(spans[0]!.attributes);
    expect(Object.isFrozen(spans[0]!.attributes)).toBe(true);
  });

  it('keeps JSON whitespace and separators-free text as it is', () => {
    expect(unpack(`3${F}4${F}A B${F}id with spaces${F}{ "note" : "x\\ny" }`, 1)).toEqual([
      { id: 'id with spaces', start: 3, end: 4, label: 'A B', attributes: { note: 'x\ny' } },
    ]);
  });

  it('answers null when a label or id holds a separator, or the count does not match, so the caller reads rows', () => {
    expect(unpack(`0${F}1${F}A${F}B${F}id${F}{}`, 1)).toBeNull(); // a field separator in the label
    expect(unpack(`0${F}1${F}A${F}i${S}d${F}{}`, 1)).toBeNull(); // a span separator in the id
    expect(unpack(`0${F}1${F}A${S}${F}id${F}{}${S}2${F}3${F}B${F}id2${F}{}`, 2)).toBeNull();
    expect(unpack(`0${F}1${F}A${F}id${F}{}`, 2)).toBeNull(); // fewer spans than counted
    expect(unpack(`0${F}1${F}A${F}id${F}{}${S}`, 1)).toBeNull(); // something after the last
    expect(unpack(`-1${F}1${F}A${F}id${F}{}`, 1)).toBeNull(); // not an offset SQLite could store
    expect(unpack(`0${F}1${F}${F}id${F}{}`, 1)).toBeNull(); // an empty label
    // Both separators in one label ("a␟b␟x␞d"): label text lands where the attributes belong.
    expect(unpack(`0${F}1${F}a${F}b${F}x${S}d${F}id${F}{}`, 1)).toBeNull();
    expect(unpack(`0${F}1${F}a${F}b${F}7${S}d${F}id${F}{}`, 1)).toBeNull(); // …even when that text is valid JSON
  });
});
