/** Finds the Electron binary without triggering the `electron` package's download. */
export declare function findElectronBinary(root: string): { ok: true; path: string } | { ok: false; reason: string };
