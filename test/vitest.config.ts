/**
 * One vitest configuration, two projects: engine, CLI, API, main-process and e2e tests run in
 * Node; renderer tests (test/renderer) run in jsdom with Svelte resolved to its browser build and
 * .svelte compiled by the same plugin as the build. Every skipped test is listed with its reason at
 * the end of the run.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = resolve(import.meta.dirname, '..');
const exclude = ['**/node_modules/**', 'dist/**', 'out/**'];

export default defineConfig({
  root,
  test: {
    // The default summary says only "N skipped"; the second reporter lists each skipped test with its reason.
    reporters: ['default', './test/helpers/skip-reasons-reporter.ts'],
    // vitest's default is one worker fewer than the cores: one on a 2-core machine. Many files wait on
    // child processes (the CLI, Chromium, Slurm daemons), so two workers finish the suite ~1.25× sooner.
    maxWorkers: 2,
    // A hang guard, not a timing: 5 s (the default) is less than a few CLI processes take on a loaded machine.
    testTimeout: 30_000,
    projects: [
      {
        test: {
          name: 'node',
          root,
          dir: 'test',
          include: ['**/*.test.ts'],
          exclude: [...exclude, 'renderer/**'],
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          root,
          dir: 'test/renderer',
          include: ['**/*.test.ts'],
          exclude,
          environment: 'jsdom',
        },
      },
    ],
  },
});
