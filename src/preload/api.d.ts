import type { MethodInput, MethodName, MethodOutput, Result } from '../shared/contract/index';
import type { FileHandle } from '../shared/contract/methods/imports';

/** What the preload exposes as `window.workbench`: one function per contract method. */
export type WorkbenchBridge = { readonly [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>> };

/** What the preload exposes as `window.workbenchFiles`: a dropped File to a file handle (desktop app only). */
export type WorkbenchFilesBridge = { readonly handleForDroppedFile: (file: File) => Promise<Result<FileHandle>> };

declare global {
  interface Window {
    /** Present in the desktop app only. */
    workbenchFiles?: WorkbenchFilesBridge;
    /** Present in the desktop app; absent in a plain browser, where the HTTP host serves the contract. */
    workbench?: WorkbenchBridge;
  }
}
