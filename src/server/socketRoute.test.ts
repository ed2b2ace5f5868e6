import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIMITS } from '../shared/contract/limits';
import type { RunningServer } from './createServer';
import { useTestServers } from './testing/testServers';
import { SOCKET_CLOSE, SOCKET_PATH } from '../shared/contract/socket';

const TOKEN = 'socket-token-0123456789abcdef';
const start = useTestServers(TOKEN);

/** A socket as the renderer opens it (the browser sends its page's Origin). */
function connect(server: RunningServer, headers: Record<string, string> = { origin: `http://127.0.0.1:${server.port}` }): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}${SOCKET_PATH}`, { headers });
}

/** The next message (parsed), or how the socket closed. */
function next(socket: WebSocket): Promise<{ message?: unknown; closed?: number }> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer) => {
      cleanup();
      resolve({ message: JSON.parse(data.toString('utf8')) as unknown });
    };
    const onClose = (code: number) => {
      cleanup();
      resolve({ closed: code });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      socket.off('message', onMessage);
      socket.off('close', onClose);
      socket.off('error', onError);
    };
    socket.on('message', onMessage);
    socket.on('close', onClose);
    socket.on('error', onError);
  });
}

const opened = (socket: WebSocket) => new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));

async function authorized(server: RunningServer): Promise<WebSocket> {
  const socket = connect(server);
  await opened(socket);
  const ready = next(socket);
  socket.send(JSON.stringify({ token: TOKEN }));
  expect(await ready).toEqual({ message: { ready: true } });
  return socket;
}

describe('the contract over a WebSocket', () => {
  it('answers calls by id with the same envelopes as HTTP, writes included', async () => {
    const { server, workbench } = await start();
    const socket = await authorized(server);
    const answer = next(socket);
    socket.send(JSON.stringify({ id: 7, method: 'annotators.setLocal', input: { name: 'Socket Sam' } }));
    expect(await answer).toMatchObject({ message: { id: 7, result: { ok: true, value: { name: 'Socket Sam' } } } });
    expect(workbench.db.prepare('SELECT name FROM annotator').all()).toEqual([{ name: 'Socket Sam' }]);

    const invalid = next(socket);
    socket.send(JSON.stringify({ id: 8, method: 'annotators.setLocal', input: { name: 7 } }));
    expect(await invalid).toMatchObject({ message: { id: 8, result: { ok: false, error: { code: 'invalid_input' } } } });
    const unknown = next(socket);
    socket.send(JSON.stringify({ id: 9, method: 'nope.never', input: {} }));
    expect(await unknown).toMatchObject({ message: { id: 9, result: { ok: false, error: { code: 'unknown_method' } } } });
    const poisoned = next(socket);
    socket.send(`{"id": 10, "method": "annotators.setLocal", "input": {"name": "x", "__proto__": {"admin": true}}}`);
    expect(await poisoned).toMatchObject({ message: { id: 10, result: { ok: false, error: { code: 'invalid_input' } } } });
    socket.close();
  });

  it('closes without answering when the first message is not the launch token', async () => {
    const { server, workbench } = await start();
    for (const first of [
      JSON.stringify({ token: 'wrong-token-0123456789abc' }),
      JSON.stringify({ id: 1, method: 'annotators.setLocal', input: { name: 'Mallory' } }),
      'not json',
    ]) {
      const socket = connect(server);
      await opened(socket);
      const outcome = next(socket);
      socket.send(first);
      expect(await outcome).toEqual({ closed: SOCKET_CLOSE.unauthorized });
    }
    expect(workbench.db.prepare('SELECT count(*) AS n FROM annotator').get()).toEqual({ n: 0 });
  });

  it('closes a socket that sends no token in time, and keeps one that did', async () => {
    const { server } = await start({ socketHelloTimeoutMs: 200 });
    const silent = connect(server);
    await opened(silent);
    const sentToken = await authorized(server);
    expect(await next(silent)).toEqual({ closed: SOCKET_CLOSE.unauthorized });
    // Well past the limit, the socket that sent its token still answers.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answer = next(sentToken);
    sentToken.send(JSON.stringify({ id: 1, method: 'annotators.setLocal', input: { name: 'Patient Pat' } }));
    expect(await answer).toMatchObject({ message: { id: 1, result: { ok: true } } });
    sentToken.close();
  });

  it('refuses the upgrade from another origin or to another host name, before any message', async () => {
    const { server } = await start();
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${server.port}`, host: `evil.example:${server.port}` },
    ];
    for (const headers of refused) {
      const socket = connect(server, headers);
      socket.on('error', () => undefined);
      const status = await new Promise<number>((resolve) =>
        socket.once('unexpected-response', (request, response) => {
          resolve(response.statusCode ?? 0);
          request.destroy();
        }),
      );
      expect(status).toBe(403);
    }
  });

  it('closes on a malformed call, and on a message over the size limit', async () => {
    const { server, workbench } = await start();
    const malformed = await authorized(server);
    const closed = next(malformed);
    malformed.send(JSON.stringify({ id: 'one', method: 'app.bootstrap', input: {} }));
    expect(await closed).toEqual({ closed: SOCKET_CLOSE.badMessage });

    // Calls sent right behind a malformed one are not run: the socket is closed, so no answer could tell of them.
    const rushed = await authorized(server);
    const closedToo = next(rushed);
    rushed.send('garbage');
    rushed.send(JSON.stringify({ id: 2, method: 'annotators.setLocal', input: { name: 'Unseen' } }));
    expect(await closedToo).toEqual({ closed: SOCKET_CLOSE.badMessage });
    expect(workbench.db.prepare('SELECT count(*) AS n FROM annotator').get()).toEqual({ n: 0 });

    const big = await authorized(server);
    const tooBig = next(big);
    big.send(JSON.stringify({ id: 1, method: 'annotators.setLocal', input: { name: 'x'.repeat(LIMITS.requestBodyBytes) } }));
    expect(await tooBig).toEqual({ closed: 1009 });
  });
});
