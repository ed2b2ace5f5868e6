import type { Result } from '../../../shared/contract/index';
import { LIMITS } from '../../../shared/contract/limits';

/** What a call answers when the host is gone (the same words over HTTP and over the socket). */
export const NO_ANSWER: Result<never> = {
  ok: false,
  error: { code: 'internal', message: 'The workbench server does not answer. Is it still running?' },
};

/** How long after a lost socket the next call tries to open a new one (HTTP serves meanwhile). */
const RETRY_MS = 2000;

type Answer = { id: number; result: Result<unknown> };

/**
 * The browser host's fast path: contract calls as messages on one WebSocket (see
 * src/server/socketRoute.ts), which in Chromium answer in well under a millisecond where a
 * loopback `fetch` takes several. Until the socket is open and has accepted the token, and after
 * it is lost, `send` returns null and the caller uses HTTP, so no call ever waits for the socket.
 * A call in flight when the socket closes answers as an unreachable server would over HTTP.
 */
export class SocketTransport {
  private socket: WebSocket | null = null;
  private ready = false;
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private retryAt = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  /**
   * Sends a call over the socket, or returns null when the socket is not ready (and starts opening
   * it) or the call is over the size limit: over HTTP that one call is refused as too large, where
   * the socket would be closed and every call in flight lost with it.
   */
  send(method: string, input: unknown): Promise<Result<unknown>> | null {
    const socket = this.socket;
    if (!socket || !this.ready || socket.readyState !== WebSocket.OPEN) {
      this.open();
      return null;
    }
    const id = this.nextId;
    const text = JSON.stringify({ id, method, input });
    // Bytes are counted only for a text that could be over the limit (a UTF-16 unit is at most 3 bytes).
    if (text.length * 3 > LIMITS.requestBodyBytes && new TextEncoder().encode(text).length > LIMITS.requestBodyBytes) return null;
    this.nextId += 1;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      socket.send(text);
    });
  }

  private open(): void {
    if (this.socket || Date.now() < this.retryAt) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      // A page or extension policy that refuses sockets: HTTP serves every call, as before the socket opens.
      this.retryAt = Date.now() + RETRY_MS;
      return;
    }
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ token: this.token }));
    socket.onmessage = (event: MessageEvent<unknown>) => {
      const message = typeof event.data === 'string' ? parse(event.data) : null;
      if (!this.ready) {
        this.ready = isReady(message);
        return;
      }
      if (!isAnswer(message)) return;
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.result);
    };
    socket.onclose = () => {
      this.socket = null;
      this.ready = false;
      this.retryAt = Date.now() + RETRY_MS;
      for (const resolve of this.pending.values()) resolve(NO_ANSWER);
      this.pending.clear();
    };
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isReady(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { ready?: unknown }).ready === true;
}

function isAnswer(message: unknown): message is Answer {
  if (typeof message !== 'object' || message === null) return false;
  const { id, result } = message as { id?: unknown; result?: unknown };
  return typeof id === 'number' && typeof result === 'object' && result !== null && typeof (result as { ok?: unknown }).ok === 'boolean';
}
