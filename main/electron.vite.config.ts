/**
 * The desktop build (electron-vite): main process, CJS preload (so the window stays
 * sandboxed) and the Svelte renderer, all written under out/. Browser mode serves the same
 * out/renderer from `isotrope serve`. The renderer's index.html gets the CSP meta tag from
 * main/csp.ts here, the same policy main sends as a header.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY, withCspMeta } from './csp.js';

const root = resolve(import.meta.dirname, '..');

/** Writes main/csp.ts's policy into the built index.html; warns when renderer/index.html spells another one. */
function cspPlugin(): Plugin {
  return {
    name: 'isotrope-csp',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        withCspMeta(html, (found) => {
          console.warn(
            `isotrope: renderer/index.html's Content-Security-Policy differs from main/csp.ts; the build uses main/csp.ts's.\n  found: ${found}\n  used:  ${CONTENT_SECURITY_POLICY}`,
          );
        }),
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: { input: { index: resolve(root, 'main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [svelte(), cspPlugin()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
