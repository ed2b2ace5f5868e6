import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './src/shared/security/contentSecurityPolicy';

/**
 * index.html carries the Content Security Policy literally (so electronegativity, which reads the
 * source, evaluates the real policy); the build fails if it differs from the one source the hosts
 * send as a header.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'awb-csp-meta',
    transformIndexHtml: (html) => {
      if (!html.includes(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY_META}" />`)) {
        throw new Error('src/renderer/index.html must carry CONTENT_SECURITY_POLICY_META from src/shared/security/contentSecurityPolicy.ts in its meta tag.');
      }
      return html;
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // better-sqlite3 stays a native dependency loaded at run time, never bundled.
      externalizeDeps: true,
      // The job worker is its own entry: worker threads load it by path (src/core/jobs/jobWorker.ts).
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          jobWorker: resolve(import.meta.dirname, 'src/core/jobs/jobWorker.ts'),
          // Agreement's helper threads, started from a job's worker (src/core/agreement/parallelAgreement.ts).
          agreementWorker: resolve(import.meta.dirname, 'src/core/agreement/agreementWorker.ts'),
        },
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
