import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { projects } from './vitest.workspace';

export default defineConfig({
  test: {
    projects,
    // Two files at a time even on 2 cores (vitest's default there is one): most test time is spent waiting on
    // sockets, child processes and the browser, so two workers cut the suite's wall time by about a fifth.
    // The docs project opts out (maxWorkers: 1 in vitest.workspace.ts) and runs alone at the end.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: process.env.VITEST_JSON ? ['default', ['json', { outputFile: process.env.VITEST_JSON }]] : ['default'],
  },
});
