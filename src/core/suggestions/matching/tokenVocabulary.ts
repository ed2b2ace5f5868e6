import { foldKey } from './fold';

const EMPTY = -1;
/** What {@link TokenVocabulary.asciiIdOf} answers for a range that is not all ASCII. */
export const NOT_ASCII = -2;
const A = 0x41;
const Z = 0x5a;

/**
 * The folded token keys a matcher knows, each with a small integer id, looked up straight from a
 * range of a text. Equivalent to `map.get(foldKey(text.slice(start, end)))`, but for an ASCII
 * token (most tokens of most texts) it makes no string: the key of an ASCII token is its lower
 * case (see foldToken), so the range is hashed and compared with each stored key while lowering
 * case on the fly. Other tokens take the slice-and-fold path. Suggesting over a corpus looks up
 * every token of every document, and the slice per token was most of the matching time.
 */
export class TokenVocabulary {
  private readonly keys: string[] = [];
  private hashes = new Int32Array(1024);
  /** Open addressing, linear probing: a slot holds an id or EMPTY. */
  private slots = new Int32Array(2048).fill(EMPTY);
  private mask = 2047;

  get size(): number {
    return this.keys.length;
  }

  /** The id of a folded key, added if new. */
  intern(key: string): number {
    const hash = hashOf(key);
    const found = this.find(key, hash);
    if (found !== EMPTY) return found;
    const id = this.keys.length;
    this.keys.push(key);
    if (id === this.hashes.length) {
      const hashes = new Int32Array(id * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[id] = hash;
    // Kept at most half full, so probes stay short.
    if ((id + 1) * 2 > this.slots.length) this.grow();
    else this.place(id, hash);
    return id;
  }

  /** The id of the folded key of `text.slice(start, end)`, or -1 when no pattern has it. */
  idOf(text: string, start: number, end: number): number {
    const id = this.asciiIdOf(text, start, end);
    if (id !== NOT_ASCII) return id;
    const key = foldKey(text.slice(start, end));
    return this.find(key, hashOf(key));
  }

  /**
   * As {@link idOf} for an all-ASCII range (its key is its lower case), with no string made;
   * {@link NOT_ASCII} for any other range, which the caller folds its own way.
   */
  asciiIdOf(text: string, start: number, end: number): number {
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) {
      let unit = text.charCodeAt(i);
      if (unit > 0x7f) return NOT_ASCII;
      if (unit >= A && unit <= Z) unit += 0x20;
      hash = Math.imul(hash ^ unit, FNV_PRIME);
    }
    const length = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const id = this.slots[slot]!;
      if (id === EMPTY) return EMPTY;
      if (this.hashes[id] !== hash) continue;
      const key = this.keys[id]!;
      if (key.length !== length) continue;
      let same = true;
      for (let k = 0; k < length && same; k++) {
        let unit = text.charCodeAt(start + k);
        if (unit >= A && unit <= Z) unit += 0x20;
        same = key.charCodeAt(k) === unit;
      }
      if (same) return id;
    }
  }

  /** The id of a key with its hash, or EMPTY. */
  private find(key: string, hash: number): number {
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const id = this.slots[slot]!;
      if (id === EMPTY) return EMPTY;
      if (this.hashes[id] === hash && this.keys[id] === key) return id;
    }
  }

  private place(id: number, hash: number): void {
    let slot = hash & this.mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    this.slots[slot] = id;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    this.mask = this.slots.length - 1;
    for (let id = 0; id < this.keys.length; id++) this.place(id, this.hashes[id]!);
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 units (the same as idOf computes over an ASCII range lowered on the fly). */
function hashOf(key: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), FNV_PRIME);
  return hash;
}
