/**
 * Browser code imports browser entries: the adapters' subscriber sources, what they share with it,
 * and @switchboard/react reach core only through `@switchboard/core/client` and
 * `@switchboard/core/adapter` (the root entry also carries the publisher, the environment readers,
 * access rules and the notifier). A type-only `import type {} from '@switchboard/core'` (for
 * declaration merging) is erased and allowed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const browserSources = [
  ...['socket-io', 'pusher', 'ably'].flatMap((adapter) => sources(join(ROOT, 'packages', adapter, 'src', 'subscriber'))),
  ...sources(join(ROOT, 'packages', 'react', 'src')),
];

describe('browser code imports only browser entries of core', () => {
  it('no subscriber or react source imports the root entry', () => {
    const offenders = browserSources.filter((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .some((line) => /from '@switchboard\/core'/.test(line) && !/^import type \{\} from '@switchboard\/core';/.test(line)),
    );
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  it.each(['socket-io', 'pusher', 'ably'])('the %s subscriber bundle reaches no server module of core', async (adapter) => {
    const result = await build({
      stdin: { contents: `export * from '@switchboard/${adapter}/subscriber';`, resolveDir: ROOT, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['@switchboard/source'],
      external: ['socket.io-client', 'pusher-js', 'ably', 'ably/*'],
      metafile: true,
      write: false,
      logLevel: 'error',
    });
    const core = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('packages/core/src/'));
    const server = core.filter((input) =>
      /\/(publisher|env|access|create-publisher|server|index)\.ts$|\/(notify|outbox|auth\/(?!provider-discovery|auth-user))/.test(input),
    );
    expect(core.length).toBeGreaterThan(0);
    expect(server).toEqual([]);
  });
});
