import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { boundaryConfigs } from '../eslint.boundaries.js';

// The layer rules alone, with the TypeScript parser but no type information, so snippets can be
// linted as if they were files in each layer.
const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...boundaryConfigs],
});

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('layer boundaries are enforced by lint', () => {
  it.each([
    ['src/renderer/src/probe.ts', "import { openWorkbench } from '../../core/workbench';", 'import-x/no-restricted-paths'],
    ['src/renderer/src/probe.ts', "import { registerIpc } from '../../main/ipc/registerIpc';", 'import-x/no-restricted-paths'],
    ['src/renderer/src/probe.ts', "import { readFileSync } from 'node:fs';", 'no-restricted-imports'],
    ['src/renderer/src/probe.ts', "import { readFileSync } from 'fs';", 'import-x/no-nodejs-modules'],
    ['src/renderer/src/probe.ts', "import { ipcRenderer } from 'electron';", 'no-restricted-imports'],
    ['src/shared/probe.ts', "import { openWorkbench } from '../core/workbench';", 'import-x/no-restricted-paths'],
    ['src/shared/probe.ts', "import { join } from 'node:path';", 'no-restricted-imports'],
    ['src/core/probe.ts', "import { app } from 'electron';", 'no-restricted-imports'],
    ['src/core/probe.ts', "import { startServer } from '../server/createServer';", 'import-x/no-restricted-paths'],
  ])('%s: %s', async (filePath, code, rule) => {
    const found = await violations(filePath, code);
    expect(
      found.some((message) => message.startsWith(`${rule}:`)),
      found.join('\n'),
    ).toBe(true);
  });

  it.each([
    ['src/renderer/src/probe.ts', "import { OffsetMap } from '../../shared/text/offsetMap';"],
    ['src/core/probe.ts', "import { OffsetMap } from '../shared/text/offsetMap';"],
    ['src/main/probe.ts', "import { openWorkbench } from '../core/workbench';"],
    ['src/server/probe.ts', "import { openWorkbench } from '../core/workbench';"],
  ])('%s may: %s', async (filePath, code) => {
    expect(await violations(filePath, code)).toEqual([]);
  });
});
