/**
 * The one list of test projects. The root vitest.config.ts imports it into `test.projects`.
 * Every project resolves workspace packages to their `src` through the `@switchboard/source`
 * export condition, so tests never need a build.
 */
import { defineProject, type TestProjectConfiguration } from 'vitest/config';

const sourceConditions = ['@switchboard/source', 'module', 'development|production'];

const project = (name: string, environment: 'node' | 'jsdom' = 'node'): TestProjectConfiguration =>
  defineProject({
    resolve: { conditions: [...sourceConditions, 'browser'] },
    ssr: { resolve: { conditions: [...sourceConditions, 'node'], externalConditions: ['@switchboard/source'] } },
    test: {
      name,
      root: `packages/${name}`,
      include: ['test/**/*.test.{ts,tsx}'],
      environment,
      typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
    },
  });

export const projects: TestProjectConfiguration[] = [
  project('core'),
  project('testing'),
  project('schemas'),
  project('react', 'jsdom'),
  project('expo-push'),
  project('pusher'),
  project('socket-io'),
  project('ably'),
  // The example apps, end to end: one shared browser and one demo server per provider (global setup).
  defineProject({
    resolve: { conditions: [...sourceConditions, 'node'] },
    test: {
      name: 'examples',
      root: 'examples',
      include: ['*/test/**/*.test.ts'],
      globalSetup: ['demo/test/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
];
