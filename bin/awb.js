#!/usr/bin/env node
// The `awb` command: runs the TypeScript CLI through tsx, so it is always the current source.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
