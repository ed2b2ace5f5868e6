import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { ROOT, startAppServer, type AppServer } from '../e2e/fixtures/server';
import { addDocument } from '../src/core/services/addDocument';
import { activeProject } from '../src/core/services/session';
import { openWorkbench } from '../src/core/workbench';
import { median, percentile, timeMs } from './lib/stats';
import type { Benchmark, BenchResult } from './lib/types';
import { insertManualSpan } from '../src/core/testing/fixtures';
import { DISABLED_CHROMIUM_FEATURES } from '../src/main/chromiumFeatures';
import { SOCKET_PATH } from '../src/shared/contract/socket';

const SPAN_COUNTS = (process.env.AWB_BENCH_SPANS ?? '200,2000,10000').split(',').map(Number);
const ARTICLE_LENGTH = 100_000;
const ADD_OPERATIONS = 200;
const OPEN_RUNS = 5;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

const VOCABULARY = (
  'the of and to in a militia strike drone base province forces said officials reported attack rockets convoy ' +
  'ministry border village district council army command spokesman civilians wounded killed statement night ' +
  'morning week region government coalition airfield checkpoint highway bridge river market hospital school'
).split(' ');
const LABELS: [string, Record<string, string>][] = [
  ['ACTOR', { actor_type: 'state_force' }],
  ['LOCATION', { granularity: 'site' }],
  ['WEAPON', { category: 'rocket' }],
  ['CASUALTY_COUNT', {}],
];

/** A deterministic generator, so every run measures the same article. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Word = { start: number; end: number };

/**
 * A generated 100,000-character article in paragraphs of about 500 characters. Every twentieth
 * word (600 in all, spread over the article among the spans) is a unique "target" word kept free
 * of spans, for the add-span operations.
 */
function generateArticle(): { text: string; words: Word[]; targets: Word[] } {
  const next = random(42);
  const parts: string[] = [];
  const words: Word[] = [];
  const targets: Word[] = [];
  let length = 0;
  let paragraph = 0;
  let targetIndex = 0;
  while (length < ARTICLE_LENGTH - 20) {
    const isTarget = (words.length + targets.length) % 20 === 10 && targetIndex < ADD_OPERATIONS * 3;
    const word = isTarget ? `target${targetIndex++}` : (VOCABULARY[Math.floor(next() * VOCABULARY.length)] ?? 'word');
    const separator = length === 0 ? '' : paragraph > 480 ? '.\n' : ' ';
    if (separator === '.\n') paragraph = 0;
    parts.push(separator);
    length += separator.length;
    (isTarget ? targets : words).push({ start: length, end: length + word.length });
    parts.push(word);
    length += word.length;
    paragraph += separator.length + word.length;
  }
  parts.push('.');
  if (targets.length !== ADD_OPERATIONS * 3) throw new Error(`the article holds ${targets.length} target words, not ${ADD_OPERATIONS * 3}`);
  return { text: parts.join(''), words, targets };
}

type Fixture = { dir: string; documentId: string; text: string; targets: Word[]; spans: [number, number, string][] };

/**
 * The target words of one of the three runs on a document (the first run and the baseline, the
 * desktop-settings run, the floors): every third, so each run's words lie all over the article.
 */
function targetsOfRun(fixture: Fixture, run: 0 | 1 | 2): Fixture {
  return { ...fixture, targets: fixture.targets.filter((_, i) => i % 3 === run) };
}

/** A database holding the article with `spanCount` spans spread over it (ASCII text: UTF-16 and code points agree). */
async function prepareDatabase(spanCount: number): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'awb-bench-editor-'));
  const workbench = await openWorkbench(join(dir, 'workbench.db'), { logger: quiet });
  try {
    await workbench.handlers['annotators.setLocal']({ name: 'Bench' });
    const annotatorId = (workbench.db.prepare("SELECT value FROM app_setting WHERE key = 'local_annotator_id'").get() as { value: string }).value;
    const { text, words, targets } = generateArticle();
    const document = addDocument(workbench.context, { projectId: activeProject(workbench.context).id, title: `Bench article, ${spanCount} spans`, text });
    const step = words.length / spanCount;
    const now = new Date().toISOString();
    const spans: Fixture['spans'] = [];
    workbench.db.transaction(() => {
      for (let i = 0; i < spanCount; i++) {
        const word = words[Math.floor(i * step)];
        if (!word) throw new Error('not enough words for the spans');
        const [label, attributes] = LABELS[i % LABELS.length] ?? ['ACTOR', {}];
        spans.push([word.start, word.end, label]);
        insertManualSpan(workbench.db, {
          id: `span-${i}`,
          documentId: document.id,
          annotatorId,
          start: word.start,
          end: word.end,
          label,
          attributes,
          quote: text.slice(word.start, word.end),
          at: now,
        });
      }
    })();
    return { dir, documentId: document.id, text, targets, spans };
  } finally {
    workbench.close();
  }
}

// Helpers installed in the page. Written as plain JavaScript text: the page's CSP forbids inline
// scripts, but page.evaluate runs through the DevTools protocol, which the CSP does not govern.
const PAGE_HELPERS = `
window.__bench = {
  // Each contract call's transport time as the page sees it: from the call leaving (a message on
  // the host's WebSocket, or fetch() called when the socket is not open) to its answer being
  // handled (the browser host's network stack; the desktop host uses IPC instead). In default
  // Chromium that includes the renderer holding the answer back until the frame after a key.
  transport: [],
  wrapTransports() {
    if (window.__bench.wrapped) return;
    window.__bench.wrapped = true;
    const sent = new Map();
    window.__bench.callsInFlight = () => sent.size;
    const listening = new WeakSet();
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      const call = typeof data === 'string' ? JSON.parse(data) : {};
      if (typeof call.id === 'number') sent.set(call.id, { method: call.method, called: performance.now() });
      if (!listening.has(this)) {
        listening.add(this);
        this.addEventListener('message', (event) => {
          const answer = JSON.parse(event.data);
          const call = sent.get(answer.id);
          if (!call) return;
          sent.delete(answer.id);
          window.__bench.transport.push({ method: call.method, called: call.called, answered: event.timeStamp });
        });
      }
      return send.call(this, data);
    };
    const original = window.fetch.bind(window);
    window.fetch = async (...args) => {
      const called = performance.now();
      const response = await original(...args);
      const json = response.json.bind(response);
      response.json = async () => {
        const value = await json();
        window.__bench.transport.push({ method: String(args[0]).split('/').pop(), called, answered: performance.now() });
        return value;
      };
      return response;
    };
  },
  nextFrame() { return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))); },
  // The next frame after now: when it began (the display refresh it was made for, as
  // requestAnimationFrame reports it) and when its rendering was done (a task queued from inside it).
  afterFrame() { return new Promise((resolve) => requestAnimationFrame((frame) => setTimeout(() => resolve({ frame, painted: performance.now() }), 0))); },
  // Times the next key: for each awaited drawing change (unsaved, then saved), the key to that
  // drawing in the DOM, to the frame showing it painted, and the time between the two that the page
  // spent only waiting for the display's next refresh (the frame began after the drawing was done).
  arm(unsavedCount, savedCount) {
    window.__bench.pending = new Promise((resolve, reject) => {
      // A page that reports an error of its own (the floor's refused write) fails the run with it.
      const failed = (event) => reject(new Error(event.detail));
      window.addEventListener('awb:bench-error', failed, { once: true });
      window.addEventListener('keydown', (event) => {
        const pressed = event.timeStamp;
        window.__bench.lastKey = performance.now();
        window.__bench.transport.length = 0;
        // A span that is never drawn (a wrong count, a refused write) fails the run instead of hanging it.
        const late = setTimeout(() => reject(new Error('no span drawn within 5 s of the key')), 5000);
        const timed = (change, count) =>
          count === null
            ? Promise.resolve(null)
            : window.__bench.waitForDrawn(count, change).then((drawn) =>
                window.__bench.afterFrame().then(({ frame, painted }) => ({ inDom: drawn - pressed, painted: painted - pressed, refreshWait: Math.max(0, frame - drawn) })),
              );
        Promise.all([timed('unsaved', unsavedCount), timed('upsert', savedCount)]).then(([unsaved, saved]) => {
          clearTimeout(late);
          window.removeEventListener('awb:bench-error', failed);
          const create = window.__bench.transport.find((call) => call.method === 'annotations.create');
          resolve({ unsaved, saved, call: create ? create.answered - create.called : NaN });
        });
      }, { once: true, capture: true });
    });
  },
  // The plain pages' drawing of a new span (the baseline's and the floors'): the range wrapped in a
  // <mark>, the caret after it, and the same drawing event the editor fires.
  drawMark(range, count) {
    const mark = document.createElement('mark');
    range.surroundContents(mark);
    window.getSelection().collapse(mark, 1);
    window.dispatchEvent(new CustomEvent('awb:spans-drawn', { detail: { count, change: 'upsert' } }));
  },
  waitForDrawn(count, change) {
    return new Promise((resolve) => {
      const listener = (event) => {
        if (event.detail.count === count && event.detail.change === change) {
          window.removeEventListener('awb:spans-drawn', listener);
          resolve(performance.now());
        }
      };
      window.addEventListener('awb:spans-drawn', listener);
    });
  },
  // Selects a target word (whole: "target1" is not "target12") as a person would: its paragraph
  // scrolled to the middle of the view, then, once the page has settled, the word selected. Settled
  // means a tenth of a second after the scroll and, in the editor (the page whose calls are
  // counted), also the work a save leaves for later done: keys come at least 0.6 s apart, past the
  // editor's suggestion refresh (0.3 s after a save) and undo-menu refresh (0.4 s), and with every
  // call answered. Labelling at a person's pace, that work runs between keys, not inside one.
  async selectWord(word) {
    const find = () => {
      const root = document.querySelector('.awb-editor') || document.getElementById('baseline');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const whole = new RegExp('\\\\b' + word + '\\\\b');
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent.search(whole);
        if (at >= 0) return { node, at };
      }
      throw new Error('word not found: ' + word);
    };
    find().node.parentElement.scrollIntoView({ block: 'center' });
    const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    await pause(100);
    const counted = window.__bench.callsInFlight;
    if (counted) while (performance.now() - (window.__bench.lastKey ?? -Infinity) < 600 || counted() > 0) await pause(20);
    // Found again: a redraw meanwhile may have replaced the text node.
    const { node, at } = find();
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + word.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (selection.toString() !== word) throw new Error('selected ' + JSON.stringify(selection.toString()) + ' instead of ' + word);
    return range;
  },
};
`;

async function heapMegabytes(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

/** One label key, in ms from the key: a drawing in the DOM, its frame painted, and the wait for the display's refresh in between. */
type Drawing = { inDom: number; painted: number; refreshWait: number };
type KeyTiming = { unsaved: Drawing | null; saved: Drawing; call: number };
type Measured = { open: number[]; keys: KeyTiming[]; heap: number };

/**
 * How long each label key waits once the page has reported the selection's frame painted (one
 * DevTools round trip after that frame): delays spaced evenly over a 60 Hz frame, in a seeded
 * shuffled order, the same for the editor and the baseline. A person's keys fall anywhere in a
 * frame; pressing every key at one moment of it would add the same share of a frame to every figure.
 */
const KEY_DELAYS = (() => {
  const next = random(7);
  const delays = Array.from({ length: ADD_OPERATIONS }, (_, i) => (i * (1000 / 60)) / ADD_OPERATIONS);
  for (let i = delays.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [delays[i], delays[j]] = [delays[j] ?? 0, delays[i] ?? 0];
  }
  return delays;
})();

/** Presses the label key after the op's delay into the frame; the page was armed beforehand. */
async function pressAfterDelay(page: Page, i: number): Promise<KeyTiming> {
  await new Promise((resolve) => setTimeout(resolve, KEY_DELAYS[i] ?? 0));
  await page.keyboard.press('2');
  return page.evaluate<KeyTiming>('window.__bench.pending');
}

/**
 * Labels each word with key 2, one at a time: the word is selected and that selection painted
 * before the key, as when a person selects and then presses a key. `counts(i)` gives the drawing
 * counts the page reports for key i (its unsaved span, or null where none is drawn, and its saved one).
 */
async function labelWords(page: Page, words: string[], counts: (i: number) => [number | null, number]): Promise<KeyTiming[]> {
  const keys: KeyTiming[] = [];
  for (const [i, word] of words.entries()) {
    const [unsaved, saved] = counts(i);
    await page.evaluate(
      `(async () => {
        await window.__bench.selectWord(${JSON.stringify(word)});
        await window.__bench.nextFrame();
        window.__bench.arm(${unsaved}, ${saved});
      })()`,
    );
    keys.push(await pressAfterDelay(page, i));
  }
  return keys;
}

/** The words of a fixture's targets, ADD_OPERATIONS of them. */
function targetWords(fixture: Fixture): string[] {
  if (fixture.targets.length < ADD_OPERATIONS) throw new Error('not enough target words');
  return fixture.targets.slice(0, ADD_OPERATIONS).map((target) => fixture.text.slice(target.start, target.end));
}

/** The saved span painted, from the key (wall clock). */
const savedPainted = (keys: KeyTiming[]) => keys.map((key) => key.saved.painted);
/** The same less the page's wait for the display's next refresh: the time the page itself took. */
const savedOwn = (keys: KeyTiming[]) => keys.map((key) => key.saved.painted - key.saved.refreshWait);

/** The editor: open the document until every span is drawn, then label free words one by one. */
async function measureEditor(browser: Browser, appUrl: string, fixture: Fixture, spanCount: number): Promise<Measured> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  try {
    await page.goto(appUrl);
    await page.getByRole('listbox', { name: 'Documents' }).waitFor();
    await page.evaluate(PAGE_HELPERS);
    const open: number[] = [];
    for (let run = 0; run < OPEN_RUNS; run++) {
      await page.evaluate("window.location.hash = '#/'");
      await page.locator('.awb-empty').waitFor();
      open.push(
        await page.evaluate(
          `(async () => {
            const drawn = window.__bench.waitForDrawn(${spanCount}, 'reset');
            const start = performance.now();
            window.location.hash = '#/doc/${fixture.documentId}';
            await drawn;
            await window.__bench.nextFrame();
            return performance.now() - start;
          })()`,
        ),
      );
    }
    const heap = await heapMegabytes(session);
    await page.locator('.awb-editor').focus();
    await page.evaluate('window.__bench.wrapTransports()');
    const keys = await labelWords(page, targetWords(fixture), (i) => [spanCount + i, spanCount + i + 1]);
    return { open, keys, heap };
  } finally {
    await context.close();
  }
}

/** The plain-DOM baseline: the same text with every span a <mark>, set by one innerHTML assignment. */
async function measureBaseline(browser: Browser, fixture: Fixture): Promise<Measured> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  try {
    await page.setContent(
      '<!doctype html><html><body><div id="baseline" style="max-width: 50rem; margin: 0 auto; font: 1.12rem/1.9 Georgia, serif"></div></body></html>',
    );
    await page.evaluate(PAGE_HELPERS);
    await page.evaluate(`window.__bench.text = ${JSON.stringify(fixture.text)}; window.__bench.spans = ${JSON.stringify(fixture.spans)};`);
    const open: number[] = [];
    for (let run = 0; run < OPEN_RUNS; run++) {
      await page.evaluate("document.getElementById('baseline').innerHTML = ''");
      open.push(
        await page.evaluate(`(async () => {
          const { text, spans } = window.__bench;
          const start = performance.now();
          const escape = (piece) => piece.replace(/[&<>"]/g, (c) => '&#' + c.charCodeAt(0) + ';').replace(/\\n/g, '</p><p>');
          let html = '<p>';
          let at = 0;
          for (const [from, to, label] of spans) {
            html += escape(text.slice(at, from)) + '<mark data-label="' + label + '">' + escape(text.slice(from, to)) + '</mark>';
            at = to;
          }
          html += escape(text.slice(at)) + '</p>';
          document.getElementById('baseline').innerHTML = html;
          await window.__bench.nextFrame();
          return performance.now() - start;
        })()`),
      );
    }
    const heap = await heapMegabytes(session);
    // The baseline's "app": the label key wraps the selected word in a <mark>.
    await page.evaluate(`(() => {
      let count = ${fixture.spans.length};
      document.addEventListener('keydown', (event) => {
        const selection = window.getSelection();
        if (event.key === '2' && selection && selection.rangeCount > 0) window.__bench.drawMark(selection.getRangeAt(0), ++count);
      });
    })()`);
    const keys = await labelWords(page, targetWords(fixture), (i) => [null, fixture.spans.length + i + 1]);
    return { open, keys, heap };
  } finally {
    await context.close();
  }
}

/**
 * Two floors for the label-key figure, on a page of 200 words (one paragraph, no spans, no
 * editor) in the app's origin (its Content Security Policy, its socket) with the app's scripts
 * kept from loading. With `write`, the label key sends the same durable `annotations.create` over
 * the same WebSocket, with the same launch token, and wraps the word in a <mark> when the core
 * answers: what showing a span only once it is saved costs when drawing costs nothing. Without,
 * the key wraps the word at once: what the display's refresh and this harness cost. A floor for
 * pages this small, not for this article (the plain-DOM baseline is the article's). The keys are
 * pressed like the editor's (see KEY_DELAYS) and timed by the same helpers.
 */
async function measureFloor(browser: Browser, server: AppServer, fixture: Fixture, write: boolean): Promise<KeyTiming[]> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  try {
    await page.route('**/*.js', (route) => route.abort());
    await page.goto(server.url);
    await page.evaluate(PAGE_HELPERS);
    const words = targetWords(fixture);
    const offsets = fixture.targets.slice(0, words.length).map((target, i) => [words[i], target.start, target.end] as const);
    await page.evaluate(`(async () => {
      const words = ${JSON.stringify(words)};
      const offsets = new Map(${JSON.stringify(offsets)}.map(([word, start, end]) => [word, [start, end]]));
      const root = document.createElement('div');
      root.id = 'baseline';
      root.style.cssText = 'max-width: 50rem; margin: 0 auto; font: 1.12rem/1.9 Georgia, serif';
      const paragraph = document.createElement('p');
      paragraph.textContent = words.join(' ') + '.';
      root.append(paragraph);
      document.body.replaceChildren(root);
      root.tabIndex = -1;
      root.focus();
      let count = 0;
      const drawn = (range) => window.__bench.drawMark(range, ++count);
      if (!${write}) {
        document.addEventListener('keydown', (event) => {
          if (event.key === '2') drawn(window.getSelection().getRangeAt(0));
        });
        return;
      }
      const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + ${JSON.stringify(SOCKET_PATH)});
      await new Promise((resolve, reject) => {
        socket.onopen = () => socket.send(JSON.stringify({ token: ${JSON.stringify(server.token)} }));
        socket.onmessage = (event) => (JSON.parse(event.data).ready ? resolve() : reject(new Error(event.data)));
        socket.onclose = (event) => reject(new Error('socket closed: ' + event.code));
      });
      const waiting = new Map();
      let nextId = 1;
      const fail = (message) => window.dispatchEvent(new CustomEvent('awb:bench-error', { detail: 'floor page: ' + message }));
      socket.onclose = (event) => fail('socket closed: ' + event.code + ' ' + event.reason);
      socket.onmessage = (event) => {
        const answer = JSON.parse(event.data);
        const range = waiting.get(answer.id);
        waiting.delete(answer.id);
        if (answer.result.ok) drawn(range);
        else fail('annotations.create refused: ' + answer.result.error.message);
      };
      document.addEventListener('keydown', (event) => {
        if (event.key !== '2') return;
        const range = window.getSelection().getRangeAt(0);
        const offset = offsets.get(range.toString());
        if (!offset) return fail('no offsets for the selection ' + JSON.stringify(range.toString()));
        const id = nextId++;
        waiting.set(id, range);
        socket.send(JSON.stringify({ id, method: 'annotations.create', input: { documentId: ${JSON.stringify(fixture.documentId)}, label: 'LOCATION', start: offset[0], end: offset[1] } }));
      });
    })()`);
    return await labelWords(page, words, (i) => [null, i + 1]);
  } finally {
    await context.close();
  }
}

/** Suggestion refreshes timed in process (the core's own time, no transport). */
const REFRESH_RUNS = 10;

/**
 * What the core does after each span the editor saves (0.3 s later, the editor asks for the
 * document's suggestions again): `suggestions.generate` right after a span changed, against
 * `suggestions.list` (choosing what to offer from the stored suggestions, nothing regenerated)
 * on the same document. In process, on the document as the runs left it, after one untimed
 * refresh (a new connection builds its sources and prepares its statements once); each timed
 * refresh follows the deletion of one of the target spans the runs added, so propagation is
 * rebuilt as after a real save. While it runs the core answers nothing else, a label key included.
 */
async function measureSuggestionRefresh(fixture: Fixture): Promise<{ generate: number[]; list: number[]; offered: number; stored: number }> {
  const workbench = await openWorkbench(join(fixture.dir, 'workbench.db'), { logger: quiet });
  try {
    const { documentId } = fixture;
    const added = (await workbench.handlers['annotations.list']({ documentId })).filter((span) => span.label === 'LOCATION' && span.quote.startsWith('target'));
    if (added.length < REFRESH_RUNS) throw new Error(`only ${added.length} spans to delete for the suggestion refresh`);
    const generate: number[] = [];
    const list: number[] = [];
    let offered = 0;
    await workbench.handlers['suggestions.generate']({ documentId });
    for (const span of added.slice(0, REFRESH_RUNS)) {
      await workbench.handlers['annotations.delete']({ id: span.id });
      generate.push(await timeMs(async () => (offered = (await workbench.handlers['suggestions.generate']({ documentId })).suggestions.length)));
      list.push(await timeMs(() => workbench.handlers['suggestions.list']({ documentId })));
    }
    const stored = (workbench.db.prepare('SELECT count(*) AS n FROM suggestion WHERE document_id = ?').get(documentId) as { n: number }).n;
    return { generate, list, offered, stored };
  } finally {
    workbench.close();
  }
}

/** How the desktop host sets up Chromium, for the rows measured that way. */
const DESKTOP_SETTINGS = `desktop host's Chromium settings (--disable-features=${DISABLED_CHROMIUM_FEATURES.join(',')})`;

/** The rows that take a label key apart: the unsaved span painted (and the page's own time for it), the saved span in the DOM, and that split into transport and the renderer's share. */
function addBreakdown(keys: KeyTiming[], spanCount: number, setting: string): BenchResult[] {
  const figure = (name: string, values: number[], note?: string): BenchResult => ({
    suite: 'editor',
    name,
    unit: 'ms',
    value: median(values),
    p95: percentile(values, 95),
    ...(note ? { note } : {}),
  });
  const unsaved = keys.flatMap((key) => (key.unsaved ? [key.unsaved] : []));
  return [
    figure(
      `  label key to the new span painted as unsaved (until the core's answer), ${spanCount} spans${setting}`,
      unsaved.map((drawing) => drawing.painted),
    ),
    figure(
      `    the page's own time for it, ${spanCount} spans${setting}`,
      unsaved.map((drawing) => drawing.painted - drawing.refreshWait),
    ),
    figure(
      `  label key to the saved span in the DOM (before its frame is painted), ${spanCount} spans${setting}`,
      keys.map((key) => key.saved.inDom),
    ),
    figure(
      `    of which the browser host's transport (call sent on its WebSocket → answer handled), ${spanCount} spans${setting}`,
      keys.map((key) => key.call),
      setting
        ? undefined
        : "in default Chromium this includes the renderer holding the answer back until the frame after the key (DeferRendererTasksAfterInput), a scheduling wait rather than the network's",
    ),
    figure(
      `    the renderer's own share (key to saved span in the DOM, less the transport), ${spanCount} spans${setting}`,
      keys.map((key) => key.saved.inDom - key.call),
      'the desktop host answers over IPC instead of a loopback WebSocket; without an Electron binary its transport cannot be measured here',
    ),
  ];
}

/** The saved span's wait for the display's refresh, beside the baseline's. */
function waitRow(name: string, keys: KeyTiming[], baseline: KeyTiming[]): BenchResult {
  const waits = keys.map((key) => key.saved.refreshWait);
  const baseWaits = baseline.map((key) => key.saved.refreshWait);
  return {
    suite: 'editor',
    name,
    unit: 'ms',
    value: median(waits),
    p95: percentile(waits, 95),
    baseline: { name: "the <mark> page's wait", value: median(baseWaits), p95: percentile(baseWaits, 95) },
  };
}

/** A floor's key to its <mark> painted (wall clock, as the label-key rows). */
function floorRow(name: string, keys: KeyTiming[], note?: string): BenchResult {
  const values = savedPainted(keys);
  return { suite: 'editor', name, unit: 'ms', value: median(values), p95: percentile(values, 95), ...(note ? { note } : {}) };
}

const FLOOR_NOTE =
  "pages of 200 words with no editor, measured like the label key (see measureFloor in bench/editor.bench.ts): what a key costs in this Chromium on this machine when drawing costs nothing, with and without the durable write; at 60 Hz a key also waits for the display's next refresh";

/** What the key rows measure, said once under the table. */
const WALL_CLOCK_NOTE =
  "wall clock from the key to the frame that shows the span saved, as the issue defines the figure; it includes the page waiting for the display's next refresh (measured in the row below the page's own time), which the plain-DOM baseline waits too";
const OWN_TIME_NOTE =
  "a diagnostic, not the issue's figure: the same keys less the time from the saved span drawn in the DOM to the start of the frame that paints it, when the page only waited for the display's refresh. Other waits stay in: in default Chromium the answer itself is held until the frame after the key (DeferRendererTasksAfterInput)";

/** Builds the renderer the benchmark opens, so it never measures a stale build. */
function buildRenderer(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'pipe' });
  if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stderr.toString()}`);
}

/**
 * The annotation view in Chromium on a generated 100,000-character article with 200, 2,000 and
 * 10,000 spans: time from opening the document until every span is drawn (loading from SQLite
 * over the browser host included), time from a label key to the new span drawn as saved (its
 * frame painted after the core's answer; also less the page's wait for the display's refresh,
 * and that wait) and to it drawn as unsaved, and the JS heap after opening; each against a
 * plain-DOM page with the same text and spans whose label key wraps the word in a <mark>. At
 * 10,000 spans the label keys are measured again in Chromium set up as the desktop host sets up
 * Electron's, and so are two floors on a 200-word page with no editor (see measureFloor).
 */
const benchmark: Benchmark = {
  name: 'annotation editor',
  async run(): Promise<BenchResult[]> {
    buildRenderer();
    const executablePath = process.env.AWB_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
    const launch = (extra: string[]) =>
      chromium.launch({
        ...(executablePath ? { executablePath } : {}),
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', ...extra],
      });
    const browser = await launch([]);
    let desktopBrowser: Browser | undefined;
    const results: BenchResult[] = [];
    try {
      for (const spanCount of SPAN_COUNTS) {
        const fixture = await prepareDatabase(spanCount);
        try {
          const server = await startAppServer({ dir: fixture.dir });
          try {
            process.stdout.write(`  ${spanCount} spans…\n`);
            const editor = await measureEditor(browser, server.appUrl, targetsOfRun(fixture, 0), spanCount);
            const baseline = await measureBaseline(browser, targetsOfRun(fixture, 0));
            const target = spanCount === 10_000;
            const row = (name: string, unit: string, values: number[] | number, base: number[] | number, baseName: string, goal?: string): BenchResult => {
              const value = Array.isArray(values) ? median(values) : values;
              const baseValue = Array.isArray(base) ? median(base) : base;
              return {
                suite: 'editor',
                name,
                unit,
                value,
                ...(Array.isArray(values) ? { p95: percentile(values, 95) } : {}),
                baseline: { name: baseName, value: baseValue, ...(Array.isArray(base) && base.length > 1 ? { p95: percentile(base, 95) } : {}) },
                ratio: value / baseValue,
                ...(goal && target ? { target: goal } : {}),
              };
            };
            const keyRows = (keys: KeyTiming[], count: number, setting: string): BenchResult[] => [
              {
                ...row(
                  `label key to span drawn and saved, ${count} spans (${ADD_OPERATIONS} ops)${setting}`,
                  'ms',
                  savedPainted(keys),
                  savedPainted(baseline.keys),
                  'key wraps one word in <mark>',
                  'p95 ≤ 16 ms',
                ),
                ...(target && !setting ? { note: WALL_CLOCK_NOTE } : {}),
              },
              {
                ...row(`  the page's own time for it, ${count} spans${setting}`, 'ms', savedOwn(keys), savedOwn(baseline.keys), "the <mark> page's own time"),
                ...(target && !setting ? { note: OWN_TIME_NOTE } : {}),
              },
              // No ratio: the baseline often waits no time at all (its frame is due as it draws).
              waitRow(`  the wait for the display's refresh left out of it, ${count} spans${setting}`, keys, baseline.keys),
            ];
            results.push(
              row(
                `open to all spans drawn, ${spanCount} spans (median of ${OPEN_RUNS})`,
                'ms',
                editor.open,
                baseline.open,
                'innerHTML with <mark>s',
                '≤ 300 ms',
              ),
              ...keyRows(editor.keys, spanCount, ''),
              row(`JS heap after opening, ${spanCount} spans`, 'MB', editor.heap, baseline.heap, 'plain-DOM page', '≤ 150 MB'),
              ...addBreakdown(editor.keys, spanCount, ''),
            );
            if (target) {
              // The same operations in Chromium set up as the desktop host sets up Electron's, on
              // the same document, which now holds the spans the first run added.
              desktopBrowser ??= await launch([`--disable-features=${DISABLED_CHROMIUM_FEATURES.join(',')}`]);
              const held = spanCount + ADD_OPERATIONS;
              const desktop = await measureEditor(desktopBrowser, server.appUrl, targetsOfRun(fixture, 1), held);
              results.push(...keyRows(desktop.keys, held, `, ${DESKTOP_SETTINGS}`), ...addBreakdown(desktop.keys, held, `, ${DESKTOP_SETTINGS}`));
              // The floors, on words no run has labelled yet, in the same Chromium.
              const thin = await measureFloor(desktopBrowser, server, targetsOfRun(fixture, 2), true);
              const bare = await measureFloor(desktopBrowser, server, targetsOfRun(fixture, 2), false);
              results.push(
                floorRow(
                  `  floor: a 200-word page with no editor whose key sends the same durable write and draws a <mark> on the answer, ${DESKTOP_SETTINGS.replace(/^desktop/, 'the desktop')}`,
                  thin,
                  FLOOR_NOTE,
                ),
                floorRow(
                  `  floor: a 200-word page with no editor whose key draws a <mark> at once (no write), ${DESKTOP_SETTINGS.replace(/^desktop/, 'the desktop')}`,
                  bare,
                ),
              );
            }
          } finally {
            await server.stop();
          }
          if (spanCount === 10_000) {
            const refresh = await measureSuggestionRefresh(fixture);
            results.push({
              suite: 'editor',
              name: `the core's suggestion refresh after a span changes (suggestions.generate, in process), ${spanCount} spans`,
              unit: 'ms',
              value: median(refresh.generate),
              p95: percentile(refresh.generate, 95),
              baseline: { name: 'suggestions.list on the same document', value: median(refresh.list) },
              ratio: median(refresh.generate) / median(refresh.list),
              note: `median of ${REFRESH_RUNS} after one untimed warm-up; the editor asks for it 0.3 s after each save, and the core answers nothing else meanwhile; it ends by choosing what to offer as suggestions.list does, so the ratio is at least 1; ${refresh.stored.toLocaleString('en')} suggestions stored (propagation of the article's ${VOCABULARY.length}-word vocabulary, overlapping ones included), ${refresh.offered.toLocaleString('en')} offered`,
            });
          }
        } finally {
          rmSync(fixture.dir, { recursive: true, force: true });
        }
      }
    } finally {
      await browser.close();
      await desktopBrowser?.close();
    }
    return results;
  },
};

export default benchmark;
