import type { MethodInput, MethodName, MethodOutput, Result } from '../shared/contract/index';

/** What the preload exposes as `window.workbench`: one function per contract method. */
export type WorkbenchBridge = { readonly [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>> };

declare global {
  interface Window {
    /** Present in the desktop app; absent in a plain browser, where the HTTP host serves the contract. */
    workbench?: WorkbenchBridge;
  }
}
