/**
 * The one list of test projects. The root vitest.config.ts imports it into `test.projects`.
 * Every project resolves workspace packages to their `src` through the `@switchboard/source`
 * export condition, so tests never need a build.
 */
import { defineProject, type TestProjectConfiguration } from 'vitest/config';
import { svelteVitePlugin } from './scripts/svelte-compile.mjs';

const sourceConditions = ['@switchboard/source', 'module', 'development|production'];

const project = (
  name: string,
  environment: 'node' | 'jsdom' = 'node',
  plugins: ReturnType<typeof svelteVitePlugin>[] = [],
): TestProjectConfiguration =>
  defineProject({
    plugins,
    resolve: { conditions: [...sourceConditions, 'browser'] },
    ssr: { resolve: { conditions: [...sourceConditions, 'node'], externalConditions: ['@switchboard/source'] } },
    test: {
      name,
      root: `packages/${name}`,
      include: ['test/**/*.test.{ts,tsx}'],
      environment,
      // @opentelemetry/* export a `module` build only bundlers can read (extensionless imports): use their CommonJS build.
      server: { deps: { fallbackCJS: true } },
    },
  });

export const projects: TestProjectConfiguration[] = [
  // The type tests of every package (test/*.test-d.ts) and of the third-party adapter (its tests compile
  // against the published types), in one project: one tsc over the root tsconfig.json, which checks the
  // whole repository once instead of one tsc per package (8 runs, about 115 s of a loaded 2-core machine, now ~25 s).
  defineProject({
    test: {
      name: 'types',
      root: '.',
      include: [],
      typecheck: {
        enabled: true,
        only: true,
        include: ['packages/*/test/**/*.test-d.ts', 'fixtures/third-party-adapter/test/**/*.test.ts'],
        tsconfig: 'tsconfig.json',
      },
    },
  }),
  project('core'),
  project('testing'),
  project('schemas'),
  project('react', 'jsdom'),
  project('vue', 'jsdom'),
  // Test components are .svelte files, compiled by svelte/compiler (client, or server under SSR).
  project('svelte', 'jsdom', [svelteVitePlugin()]),
  project('expo-push'),
  project('pusher'),
  project('socket-io'),
  project('ably'),
  // Real PostgreSQL (127.0.0.1:5432): skipped outside CI when absent, required in CI.
  project('postgres-outbox'),
  project('cli'),
  // An adapter published outside packages/ (issue 18): provider names, environment, discovery, loaders.
  defineProject({
    resolve: { conditions: [...sourceConditions, 'node'] },
    ssr: { resolve: { conditions: [...sourceConditions, 'node'], externalConditions: ['@switchboard/source'] } },
    test: {
      name: 'third-party-adapter',
      root: 'fixtures/third-party-adapter',
      include: ['test/**/*.test.ts'],
    },
  }),
  // The example apps, end to end: one shared browser and one demo server per provider (global setup).
  defineProject({
    resolve: { conditions: [...sourceConditions, 'node'] },
    ssr: { resolve: { conditions: [...sourceConditions, 'node'], externalConditions: ['@switchboard/source'] } },
    test: {
      name: 'examples',
      root: 'examples',
      include: ['*/test/**/*.test.ts'],
      exclude: ['*/test/**/*.server.test.ts', '**/node_modules/**'],
      globalSetup: ['demo/test/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
  // The example apps' routes without a browser: their data on PGlite (or DATABASE_URL), real publishers with injected faults.
  defineProject({
    resolve: { conditions: [...sourceConditions, 'node'] },
    ssr: { resolve: { conditions: [...sourceConditions, 'node'], externalConditions: ['@switchboard/source'] } },
    test: { name: 'examples-server', root: 'examples', include: ['*/test/**/*.server.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
  }),
  // Delivery under faults on every provider (issue 9); the full-size run is `pnpm reliability`.
  defineProject({
    resolve: { conditions: [...sourceConditions, 'node'] },
    ssr: { resolve: { conditions: [...sourceConditions, 'node'], externalConditions: ['@switchboard/source'] } },
    test: { name: 'reliability', root: 'reliability', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
  }),
  // Authorization attacks on every provider through the real auth endpoint (issue 5).
  defineProject({
    resolve: { conditions: [...sourceConditions, 'node'] },
    ssr: { resolve: { conditions: [...sourceConditions, 'node'], externalConditions: ['@switchboard/source'] } },
    test: { name: 'security', root: 'security', include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
  }),
  // The tests shown in the guides (docs/testing.md) run as written, and the wire protocol (docs/protocol.md) is enough to publish.
  // One file at a time, after every other project: getting-started.test.ts packs, installs, bundles and runs a browser,
  // which would starve the timing-sensitive browser and fault tests running beside it on a 2-core machine.
  defineProject({
    resolve: { conditions: [...sourceConditions, 'node'] },
    ssr: { resolve: { conditions: [...sourceConditions, 'node'], externalConditions: ['@switchboard/source'] } },
    test: {
      name: 'docs',
      root: 'docs',
      include: ['snippets/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      maxWorkers: 1,
    },
  }),
];
