import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Native SQLite and child processes are safest in forked workers.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
