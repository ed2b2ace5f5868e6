// @ts-check
// The layer rules of docs/architecture.md, in one module: eslint.config.js applies them, and
// src/shared/lintBoundaries.test.ts proves they fire.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/**
 * Which layer may import which: shared imports only shared; core never imports Electron, a host
 * or the renderer; the renderer never imports core, main, server or Node.
 */
const zones = [
  {
    target: './src/shared',
    from: ['./src/core', './src/main', './src/preload', './src/server', './src/cli', './src/renderer'],
    message: 'src/shared is pure: it imports only src/shared.',
  },
  {
    target: './src/core',
    from: ['./src/main', './src/preload', './src/server', './src/cli', './src/renderer'],
    message: 'src/core is plain Node: it never imports a host or the renderer.',
  },
  {
    target: './src/renderer',
    from: ['./src/core', './src/main', './src/server', './src/cli', './src/preload/index.ts'],
    message: 'The renderer reaches data only through src/renderer/src/lib/api.ts.',
  },
  {
    target: './src/preload',
    from: ['./src/core', './src/main', './src/server', './src/cli', './src/renderer'],
    message: 'The preload exposes the contract and nothing else.',
  },
  {
    target: './src/server',
    from: ['./src/main', './src/preload', './src/renderer', './src/cli'],
    message: 'The HTTP host sits on src/core, beside the Electron host.',
  },
  { target: './src/main', from: ['./src/server', './src/renderer', './src/cli'], message: 'The Electron host sits on src/core, beside the HTTP host.' },
  { target: './src/cli', from: ['./src/main', './src/preload', './src/renderer'], message: 'The CLI runs on src/core (and may start the HTTP host).' },
];

const noElectron = { name: 'electron', message: 'Only src/main and src/preload may import Electron.' };
const noSqlite = { name: 'better-sqlite3', message: 'Only src/core touches the database.' };

/** @type {import('eslint').Linter.Config[]} */
export const boundaryConfigs = [
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })] },
    rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
  },
  {
    files: ['src/renderer/**', 'src/shared/**'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': ['error', { paths: [noElectron, noSqlite], patterns: [{ group: ['node:*'], message: 'No Node built-ins here.' }] }],
    },
  },
  {
    files: ['src/core/**', 'src/server/**', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
];
