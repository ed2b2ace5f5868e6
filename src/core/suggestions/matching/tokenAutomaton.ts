/**
 * An Aho–Corasick automaton over token ids rather than characters: every pattern is a sequence of
 * token ids, and one pass over a text's token ids reports every occurrence of every pattern,
 * whatever their number (a 50,000-entry gazetteer costs what a 5-entry one does per token).
 *
 * Why not an npm package: the maintained ones (modern-ahocorasick, @monyone/aho-corasick,
 * ahocorasick) match characters in strings. Matching here is over whole, normalised tokens (the
 * project tokenizer's), so a character automaton would need the text rebuilt per document as a
 * separator-joined key string plus an index from characters back to tokens, and would still
 * report matches inside tokens to filter out. Over token ids the automaton is this small module,
 * with every token outside the patterns' vocabulary sending it straight back to the root.
 * `tokenAutomaton.test.ts` checks it against a brute-force search with fast-check.
 */
export class TokenAutomaton {
  /** Transitions from the root, indexed by token id (-1: none): the most frequent step of a scan. */
  private root = new Int32Array(256).fill(-1);
  /** Transitions from the other states: an open-addressing table of (state, token) → next state, in typed arrays (no boxed keys). */
  private edgeState = new Int32Array(1024).fill(-1);
  private edgeToken = new Int32Array(1024);
  private edgeNext = new Int32Array(1024);
  private edgeMask = 1023;
  private edges = 0;
  private fail: Int32Array = new Int32Array(0);
  /** First pattern ending at a state (-1: none); patterns ending at the same state are chained by `nextOutput`. */
  private outHead: number[] = [0].map(() => -1);
  private nextOutput: number[] = [];
  /** The nearest state along the failure links that has an output (-1: none). */
  private outputLink: Int32Array = new Int32Array(0);
  private readonly lengths: number[] = [];
  private states = 1;
  private built = false;

  /** Token ids must be below this. */
  static readonly STRIDE = 1 << 24;

  /** Adds a pattern (token ids); returns its index. */
  add(tokens: readonly number[]): number {
    if (this.built) throw new Error('the automaton is already built');
    if (tokens.length === 0) throw new Error('a pattern needs at least one token');
    let state = 0;
    for (const token of tokens) {
      if (token < 0 || token >= TokenAutomaton.STRIDE) throw new RangeError(`token id ${token} out of range`);
      let next = this.next(state, token);
      if (next < 0) {
        next = this.states++;
        this.setNext(state, token, next);
        this.outHead.push(-1);
      }
      state = next;
    }
    const index = this.lengths.length;
    this.lengths.push(tokens.length);
    this.nextOutput.push(this.outHead[state] ?? -1);
    this.outHead[state] = index;
    return index;
  }

  /** Computes the failure and output links, breadth first. Call once, after the last add. */
  build(): void {
    if (this.built) return;
    this.built = true;
    this.fail = new Int32Array(this.states);
    this.outputLink = new Int32Array(this.states).fill(-1);
    // Children of each state in flat arrays (counted, then placed), to walk breadth first.
    const first = new Int32Array(this.states + 1);
    const forEachEdge = (visit: (parent: number, token: number, child: number) => void) => {
      for (let token = 0; token < this.root.length; token++) if (this.root[token]! >= 0) visit(0, token, this.root[token]!);
      for (let slot = 0; slot <= this.edgeMask; slot++)
        if (this.edgeState[slot]! >= 0) visit(this.edgeState[slot]!, this.edgeToken[slot]!, this.edgeNext[slot]!);
    };
    forEachEdge((parent) => first[parent + 1]!++);
    for (let state = 0; state < this.states; state++) first[state + 1]! += first[state]!;
    const fill = first.slice(0, this.states);
    const childToken = new Int32Array(this.states - 1);
    const childState = new Int32Array(this.states - 1);
    forEachEdge((parent, token, child) => {
      const at = fill[parent]!++;
      childToken[at] = token;
      childState[at] = child;
    });
    const queue = new Int32Array(this.states);
    let tail = 0;
    for (let at = first[0]!; at < first[1]!; at++) queue[tail++] = childState[at]!;
    for (let head = 0; head < tail; head++) {
      const state = queue[head]!;
      for (let at = first[state]!; at < first[state + 1]!; at++) {
        const token = childToken[at]!;
        const child = childState[at]!;
        let fallback = this.fail[state]!;
        while (fallback !== 0 && this.next(fallback, token) < 0) fallback = this.fail[fallback]!;
        const target = this.next(fallback, token);
        const failState = target >= 0 && target !== child ? target : 0;
        this.fail[child] = failState;
        this.outputLink[child] = (this.outHead[failState] ?? -1) >= 0 ? failState : this.outputLink[failState]!;
        queue[tail++] = child;
      }
    }
  }

  /** The number of tokens of a pattern. */
  lengthOf(pattern: number): number {
    return this.lengths[pattern] ?? 0;
  }

  get patternCount(): number {
    return this.lengths.length;
  }

  /**
   * Feeds token ids (-1: a token no pattern contains) and calls `onMatch(pattern, endIndex)` for
   * every occurrence, `endIndex` being the index of its last token in `tokens`.
   */
  scan(tokens: ArrayLike<number>, length: number, onMatch: (pattern: number, endIndex: number) => void): void {
    if (!this.built) throw new Error('build the automaton first');
    let state = 0;
    for (let i = 0; i < length; i++) {
      const token = tokens[i]!;
      if (token < 0) {
        state = 0;
        continue;
      }
      let next = this.next(state, token);
      while (next < 0 && state !== 0) {
        state = this.fail[state]!;
        next = this.next(state, token);
      }
      state = next < 0 ? 0 : next;
      for (let emit = (this.outHead[state] ?? -1) >= 0 ? state : this.outputLink[state]!; emit >= 0; emit = this.outputLink[emit]!) {
        for (let pattern = this.outHead[emit]!; pattern >= 0; pattern = this.nextOutput[pattern]!) onMatch(pattern, i);
      }
    }
  }

  /** The state reached from `state` by `token`, or -1. */
  private next(state: number, token: number): number {
    if (state === 0) return token < this.root.length ? this.root[token]! : -1;
    for (let slot = edgeHash(state, token) & this.edgeMask; ; slot = (slot + 1) & this.edgeMask) {
      const at = this.edgeState[slot]!;
      if (at < 0) return -1;
      if (at === state && this.edgeToken[slot] === token) return this.edgeNext[slot]!;
    }
  }

  private setNext(state: number, token: number, next: number): void {
    if (state === 0) {
      if (token >= this.root.length) {
        const root = new Int32Array(Math.max(token + 1, this.root.length * 2)).fill(-1);
        root.set(this.root);
        this.root = root;
      }
      this.root[token] = next;
      return;
    }
    // Kept at most half full, so probes stay short.
    if ((this.edges + 1) * 2 > this.edgeState.length) this.growEdges();
    this.placeEdge(state, token, next);
    this.edges++;
  }

  private placeEdge(state: number, token: number, next: number): void {
    let slot = edgeHash(state, token) & this.edgeMask;
    while (this.edgeState[slot]! >= 0) slot = (slot + 1) & this.edgeMask;
    this.edgeState[slot] = state;
    this.edgeToken[slot] = token;
    this.edgeNext[slot] = next;
  }

  private growEdges(): void {
    const [states, tokens, nexts] = [this.edgeState, this.edgeToken, this.edgeNext];
    this.edgeState = new Int32Array(states.length * 2).fill(-1);
    this.edgeToken = new Int32Array(states.length * 2);
    this.edgeNext = new Int32Array(states.length * 2);
    this.edgeMask = this.edgeState.length - 1;
    for (let slot = 0; slot < states.length; slot++) if (states[slot]! >= 0) this.placeEdge(states[slot]!, tokens[slot]!, nexts[slot]!);
  }
}

/** Mixes a (state, token) pair into a slot number. */
function edgeHash(state: number, token: number): number {
  const hash = Math.imul(state, 0x9e3779b1) ^ Math.imul(token, 0x85ebca77);
  return hash ^ (hash >>> 15);
}
