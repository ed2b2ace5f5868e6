import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './src/shared/security/contentSecurityPolicy';

/** Puts the one Content Security Policy into index.html, so the meta tag never drifts from the headers. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'awb-csp-meta',
    transformIndexHtml: () => [
      // eng-disable CSP_GLOBAL_CHECK: the policy is strict (no unsafe-inline, no remote origins); the checker flags 'self' itself.
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY_META }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  main: {
    build: {
      // better-sqlite3 stays a native dependency loaded at run time, never bundled.
      externalizeDeps: true,
      // The job worker is its own entry: worker threads load it by path (src/core/jobs/jobWorker.ts).
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/main/index.ts'), jobWorker: resolve(import.meta.dirname, 'src/core/jobs/jobWorker.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron', so everything else is bundled into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
