/**
 * Framework bindings' weight (issue 26): `@switchboard/vue` and `@switchboard/svelte` may each add
 * at most 1 KiB gzip over core's client entry. The baseline subscribes, watches presence and reads
 * the connection state with `@switchboard/core/client` alone; each binding entry does the same
 * through its package. The framework itself is external (a peer the app already ships). esbuild,
 * browser, minified ESM, one file each, into .tmp/bundles/frameworks. Plain JavaScript so
 * `.size-limit.js` can import it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { OUTPUT, ROOT } from './build-bundles.mjs';

/** The goal: the most a binding may add over the baseline, gzip. */
export const FRAMEWORK_BUDGET_BYTES = 1024;

/**
 * What each binding added when last measured, rounded up: the size-limit guard (may only go down).
 * The goal is missed today (docs/benchmarks.md); the guard fails on growth. Last measured
 * 2026-12-02 after typed presence members (`source`) reached the client types: Vue +1,476 B,
 * Svelte +1,515 B.
 */
export const FRAMEWORK_GUARD_ADDED_BYTES = { vue: 1536, svelte: 1536 };

const CHANNELS = `
import { createSubscriber, defineChannel } from '@switchboard/core/client';
const anything = { '~standard': { version: 1, vendor: 'bench', validate: (value) => ({ value }) } };
const feed = defineChannel('feed:{room}', { access: 'public', events: { update: anything } });
const lobby = defineChannel('lobby:{room}', { access: 'presence', events: { update: anything }, presence: anything });
const options = { authEndpoint: '/api/realtime/auth' };`;

const EVENTS_ONLY = `${CHANNELS}
    export const start = (handler) => {
      const subscriber = createSubscriber(options);
      subscriber.subscribe(feed({ room: 'a' }), 'update', handler);
      return subscriber.onStateChange(handler);
    };`;

/** Entry sources by name: the baseline and each binding with every capability, and with events and state only. */
export const FRAMEWORK_ENTRIES = {
  'core-client': `${CHANNELS}
    export const start = (handler) => {
      const subscriber = createSubscriber(options);
      subscriber.subscribe(feed({ room: 'a' }), 'update', handler);
      subscriber.presence(lobby({ room: 'a' })).onChange(handler);
      return subscriber.onStateChange(handler);
    };`,
  vue: `${CHANNELS}
    import { createSwitchboard, useChannel, useConnectionState, useEvent, usePresence } from '@switchboard/vue';
    export const plugin = createSwitchboard({ options });
    export const setup = (handler) => [
      useEvent(feed({ room: 'a' }), 'update', handler),
      useChannel(feed({ room: 'a' }), { update: handler }),
      usePresence(lobby({ room: 'a' }), { data: { name: 'a' } }),
      useConnectionState(),
    ];`,
  svelte: `${CHANNELS}
    import { setSwitchboard, useChannel, useConnectionState, useEvent, usePresence } from '@switchboard/svelte';
    export const init = (handler) => [
      setSwitchboard({ options }),
      useEvent(feed({ room: 'a' }), 'update', handler),
      useChannel(feed({ room: 'a' }), { update: handler }),
      usePresence(lobby({ room: 'a' }), { data: { name: 'a' } }),
      useConnectionState(),
    ];`,
  // Without presence: events and the connection state only.
  'core-client-events': EVENTS_ONLY,
  'vue-events': `${CHANNELS}
    import { createSwitchboard, useConnectionState, useEvent } from '@switchboard/vue';
    export const plugin = createSwitchboard({ options });
    export const setup = (handler) => [useEvent(feed({ room: 'a' }), 'update', handler), useConnectionState()];`,
  'svelte-events': `${CHANNELS}
    import { setSwitchboard, useConnectionState, useEvent } from '@switchboard/svelte';
    export const init = (handler) => [setSwitchboard({ options }), useEvent(feed({ room: 'a' }), 'update', handler), useConnectionState()];`,
};

/** Builds each entry into one file; returns its path and gzip size by name. */
export async function buildFrameworkBundles() {
  const outdir = join(OUTPUT, 'frameworks');
  mkdirSync(outdir, { recursive: true });
  const bundles = {};
  for (const [name, contents] of Object.entries(FRAMEWORK_ENTRIES)) {
    const result = await build({
      stdin: { contents, resolveDir: ROOT, loader: 'js', sourcefile: `${name}.js` },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@switchboard/source', 'browser'],
      // The app ships its framework anyway; lazily loaded provider adapters are not part of the entry.
      external: ['vue', 'svelte', 'svelte/*', '@switchboard/socket-io/*', '@switchboard/pusher/*', '@switchboard/ably/*'],
      absWorkingDir: ROOT,
      write: false,
      logLevel: 'error',
    });
    const output = result.outputFiles[0];
    const path = join(outdir, `${name}.js`);
    writeFileSync(path, output.contents);
    bundles[name] = { path, gzipped: gzipSync(output.contents, { level: 9 }).byteLength };
  }
  return bundles;
}

/** The size-limit checks: the baseline for reference, and each binding guarded against growth. */
export async function frameworkChecks() {
  const bundles = await buildFrameworkBundles();
  const base = bundles['core-client'];
  const checks = [{ name: 'frameworks: core client alone (subscribe, presence, state; reference)', path: base.path, gzip: true }];
  for (const name of ['vue', 'svelte']) {
    const added = bundles[name].gzipped - base.gzipped;
    const goal = added <= FRAMEWORK_BUDGET_BYTES ? 'met' : 'missed';
    checks.push({
      name: `frameworks: @switchboard/${name} over core client (guard: ≤ +${FRAMEWORK_GUARD_ADDED_BYTES[name]} B; goal: ≤ +${FRAMEWORK_BUDGET_BYTES} B, ${goal} at +${added} B)`,
      path: bundles[name].path,
      gzip: true,
      limit: `${base.gzipped + FRAMEWORK_GUARD_ADDED_BYTES[name]} B`,
    });
  }
  return checks;
}
