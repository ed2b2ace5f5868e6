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
  /** Transitions, keyed by `state * STRIDE + token`. */
  private readonly goto = new Map<number, number>();
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
      const key = state * TokenAutomaton.STRIDE + token;
      let next = this.goto.get(key);
      if (next === undefined) {
        next = this.states++;
        this.goto.set(key, next);
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
    // Children of each state, to walk breadth first.
    const children: [number, number][][] = Array.from({ length: this.states }, () => []);
    for (const [key, child] of this.goto) {
      const parent = Math.floor(key / TokenAutomaton.STRIDE);
      children[parent]?.push([key - parent * TokenAutomaton.STRIDE, child]);
    }
    const queue: number[] = [];
    for (const [, child] of children[0] ?? []) {
      this.fail[child] = 0;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [token, child] of children[state] ?? []) {
        let fallback = this.fail[state]!;
        while (fallback !== 0 && !this.goto.has(fallback * TokenAutomaton.STRIDE + token)) fallback = this.fail[fallback]!;
        const target = this.goto.get(fallback * TokenAutomaton.STRIDE + token);
        const failState = target !== undefined && target !== child ? target : 0;
        this.fail[child] = failState;
        this.outputLink[child] = (this.outHead[failState] ?? -1) >= 0 ? failState : this.outputLink[failState]!;
        queue.push(child);
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
      let next = this.goto.get(state * TokenAutomaton.STRIDE + token);
      while (next === undefined && state !== 0) {
        state = this.fail[state]!;
        next = this.goto.get(state * TokenAutomaton.STRIDE + token);
      }
      state = next ?? 0;
      for (let emit = (this.outHead[state] ?? -1) >= 0 ? state : this.outputLink[state]!; emit >= 0; emit = this.outputLink[emit]!) {
        for (let pattern = this.outHead[emit]!; pattern >= 0; pattern = this.nextOutput[pattern]!) onMatch(pattern, i);
      }
    }
  }
}
