import { channelOf, METHOD_NAMES } from '../shared/contract/index';

/** What the bridge needs from `ipcRenderer`: only `invoke`, so nothing else can leak through it. */
export type Invoke = (channel: string, input: unknown) => Promise<unknown>;

/**
 * The object exposed to the page as `window.workbench`: one frozen function per contract method,
 * each forwarding exactly (channel, input) and returning the main process's envelope. The page
 * never receives `ipcRenderer`, an `IpcRendererEvent` or any other Electron object.
 */
export function createBridge(invoke: Invoke): Readonly<Record<string, (input: unknown) => Promise<unknown>>> {
  return Object.freeze(Object.fromEntries(METHOD_NAMES.map((method) => [method, (input: unknown) => invoke(channelOf(method), input)])));
}

/**
 * For a future push channel (for example job progress): wraps a page callback so it receives the
 * payload only, never the `IpcRendererEvent` (whose `sender` is the raw `ipcRenderer`).
 */
export function withoutEvent<A extends unknown[]>(listener: (...args: A) => void): (event: unknown, ...args: A) => void {
  return (_event, ...args) => listener(...args);
}

/**
 * The object exposed as `window.workbenchFiles`: one frozen function turning a dropped `File`
 * into a file handle. The path is resolved in the preload (`pathOf`) and only the path is sent.
 */
export function createFilesBridge(
  sendDroppedPath: (path: string) => Promise<unknown>,
  pathOf: (file: File) => string,
): Readonly<{ handleForDroppedFile: (file: File) => Promise<unknown> }> {
  return Object.freeze({ handleForDroppedFile: (file: File) => sendDroppedPath(pathOf(file)) });
}
