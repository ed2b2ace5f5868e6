import type { Linter } from 'eslint';

/** The layer rules (see eslint.boundaries.js). */
export declare const boundaryConfigs: Linter.Config[];
