/**
 * Builds the browser bundles the bundle benchmark and the size-limit budget both measure: for each
 * provider, the raw vendor SDK subscribing to one event and Switchboard subscribing through its
 * adapter; plus the auth-endpoint page that loads one provider lazily. esbuild, browser platform,
 * minified ESM with code splitting and the `@switchboard/source` condition. Plain JavaScript so
 * `.size-limit.js` can import it without a TypeScript loader.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUTPUT = join(ROOT, '.tmp', 'bundles');

// A channel with a hand-written Standard Schema, so the catalog's weight (measured on its own in
// "Catalog bundle sizes") stays out of the adapter comparison.
const CHANNEL = `
import { defineChannel } from '@switchboard/core/client';
const anything = { '~standard': { version: 1, vendor: 'bench', validate: (value) => ({ value }) } };
const feed = defineChannel('feed:{room}', { access: 'public', events: { update: anything } });`;

/** Entry sources by name; `vendor` is the SDK whose code the provider's download must contain. */
export const ENTRIES = {
  'socket-io-raw': `import { io } from 'socket.io-client';
    export const listen = (url, handler) => io(url).on('update', handler);`,
  'socket-io-switchboard': `${CHANNEL}
    import { socketIoSubscriber } from '@switchboard/socket-io/subscriber';
    export const listen = (url, handler) => socketIoSubscriber({ url }).subscribe(feed({ room: 'a' }), 'update', handler);`,
  'pusher-raw': `import Pusher from 'pusher-js';
    export const listen = (key, handler) => new Pusher(key, { cluster: 'eu' }).subscribe('feed').bind('update', handler);`,
  'pusher-switchboard': `${CHANNEL}
    import { pusherSubscriber } from '@switchboard/pusher/subscriber';
    export const listen = (key, handler) => pusherSubscriber({ key, cluster: 'eu' }).subscribe(feed({ room: 'a' }), 'update', handler);`,
  'ably-raw-full': `import * as Ably from 'ably';
    export const listen = (authUrl, handler) => new Ably.Realtime({ authUrl }).channels.get('feed').subscribe('update', handler);`,
  'ably-raw': `import { BaseRealtime, WebSocketTransport, FetchRequest, RealtimePresence } from 'ably/modular';
    export const listen = (authUrl, handler) =>
      new BaseRealtime({ authUrl, plugins: { WebSocketTransport, FetchRequest, RealtimePresence } }).channels.get('feed').subscribe('update', handler);`,
  'ably-switchboard': `${CHANNEL}
    import { ablySubscriber } from '@switchboard/ably/subscriber';
    export const listen = (authEndpoint, handler) => ablySubscriber({ authEndpoint }).subscribe(feed({ room: 'a' }), 'update', handler);`,
  // Core's client code alone: a channel definition and the subscriber around a transport passed in.
  'core-client': `${CHANNEL}
    import { createSubscriberFromTransport } from '@switchboard/core/client';
    export const listen = (transport, handler) => createSubscriberFromTransport(transport).subscribe(feed({ room: 'a' }), 'update', handler);`,
  'auth-endpoint': `${CHANNEL}
    import { createSubscriber } from '@switchboard/core/client';
    export const listen = (handler) =>
      createSubscriber({
        authEndpoint: '/api/realtime/auth',
        adapters: {
          'socket-io': () => import('@switchboard/socket-io/subscriber'),
          pusher: () => import('@switchboard/pusher/subscriber'),
          ably: () => import('@switchboard/ably/subscriber'),
        },
      }).subscribe(feed({ room: 'a' }), 'update', handler);`,
};

/** Vendor packages, by the node_modules path segment their sources live under. */
export const VENDORS = { 'socket-io': 'socket.io-client', pusher: 'pusher-js', ably: 'ably' };

const gzipBytes = (contents) => gzipSync(contents, { level: 9 }).byteLength;

/**
 * Which providers an output file carries code of, from esbuild's metafile inputs: the vendor SDK
 * (socket.io-client with its engine.io-client and parser) or the Switchboard adapter package.
 */
function providersIn(inputs) {
  const found = new Set();
  for (const input of Object.keys(inputs)) {
    for (const [provider, vendor] of Object.entries(VENDORS)) {
      const packages = provider === 'socket-io' ? [vendor, 'engine.io-client', 'socket.io-parser'] : [vendor];
      if (packages.some((name) => input.includes(`node_modules/${name}/`))) found.add(provider);
      if (input.startsWith(`packages/${provider}/`)) found.add(provider);
    }
    if (input.startsWith('packages/core/src/memory/')) found.add('memory');
  }
  return [...found];
}

/**
 * Lazily imported modules a page that subscribes to one event never fetches, each with what loads
 * it. Every other lazy chunk a page can reach is counted as downloaded when subscribing (see
 * `subscribeFiles`), so a feature moved behind `import()` is measured as loaded until it is listed
 * here, and `packages/core/test/lazy-features.test.ts` proves a plain subscribe does not import it.
 */
export const FIRST_USE = {
  'packages/core/src/subscriber/subscriber-presence.ts':
    'presence: roster and member checks, loaded on the first `presence()` call or on a reconnect while presence is in use',
  'packages/pusher/src/subscriber/presence-members.ts':
    'Pusher presence members and identity switching (enter, update, leave): loaded when the first presence channel attaches',
  'packages/pusher/src/subscriber/channel-authorization.ts':
    'Pusher channel authorization: loaded when pusher-js first authorizes a private or presence channel',
  'packages/ably/src/subscriber/presence-events.ts':
    'Ably presence messages read as members, and the presence calls (enter, update, leave, members): loaded when the first presence channel attaches',
  'packages/core/src/switch/movable-transport.ts':
    'live provider switch: loaded only when the auth endpoint says it can switch provider (`createProviderSwitch`)',
  'packages/core/src/switch/subscriber-move.ts':
    'live provider switch: the move itself, loaded when a subscriber sees a different provider',
  'packages/pusher/src/subscriber/user-sign-in.ts':
    'Pusher user sign-in: loaded with the first user stream a page listens to (`subscribeUser`)',
};

/**
 * Builds one entry into .tmp/bundles/<name>/. Returns its output files with sizes, which other
 * outputs each one imports statically and dynamically, and which vendor SDKs each contains.
 */
async function buildEntry(name, contents) {
  const outdir = join(OUTPUT, name);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js', sourcefile: `${name}.js` },
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@switchboard/source'],
    outdir,
    absWorkingDir: ROOT,
    entryNames: 'entry',
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  const files = {};
  for (const file of result.outputFiles) {
    writeFileSync(file.path, file.contents);
    const key = relative(ROOT, file.path);
    const meta = result.metafile.outputs[key] ?? {};
    files[key] = {
      path: file.path,
      minified: file.contents.byteLength,
      gzipped: gzipBytes(file.contents),
      staticImports: (meta.imports ?? []).filter((item) => item.kind === 'import-statement').map((item) => item.path),
      dynamicImports: (meta.imports ?? []).filter((item) => item.kind === 'dynamic-import').map((item) => item.path),
      providers: providersIn(meta.inputs ?? {}),
      // The module a lazily imported chunk was built from (esbuild names it for dynamic-import targets).
      entryPoint: meta.entryPoint,
      // Minified bytes each workspace source file contributes (vendor SDKs left out).
      sources: Object.fromEntries(
        Object.entries(meta.inputs ?? {})
          .filter(([input]) => input.startsWith('packages/'))
          .map(([input, { bytesInOutput }]) => [input, bytesInOutput]),
      ),
      // Lazily imported modules are entry points to esbuild too; the page's entry is the one named entry.js.
      entry: key.endsWith('/entry.js'),
    };
  }
  return { name, files };
}

/** Every output reachable from `start` through static imports (what loads with it). */
export function staticClosure(bundle, start) {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key) || !bundle.files[key]) return;
    seen.add(key);
    for (const next of bundle.files[key].staticImports) visit(next);
  };
  for (const key of start) visit(key);
  return [...seen];
}

/** The entry and its static imports: what a page downloads before any lazy import runs. */
export function eagerFiles(bundle) {
  return staticClosure(
    bundle,
    Object.keys(bundle.files).filter((key) => bundle.files[key].entry),
  );
}

/**
 * What subscribing to one event with `provider` downloads: the eager files, then every chunk they
 * import, statically or lazily, except lazy chunks of another provider (an auth-endpoint page
 * fetches only the one its endpoint names) and modules that load on first use of a feature the
 * page does not use (`FIRST_USE`).
 */
export function subscribeFiles(bundle, provider) {
  const seen = new Set();
  const fetched = (key) => {
    const file = bundle.files[key];
    if (!file || FIRST_USE[file.entryPoint] !== undefined) return false;
    return file.entry || file.providers.length === 0 || file.providers.includes(provider);
  };
  const visit = (key) => {
    if (seen.has(key) || !fetched(key)) return;
    seen.add(key);
    for (const next of [...bundle.files[key].staticImports, ...bundle.files[key].dynamicImports]) visit(next);
  };
  for (const key of eagerFiles(bundle)) visit(key);
  return [...seen];
}

export const sumGzip = (bundle, keys) => keys.reduce((total, key) => total + bundle.files[key].gzipped, 0);
export const sumMinified = (bundle, keys) => keys.reduce((total, key) => total + bundle.files[key].minified, 0);

/** Builds every entry; returns them by name. */
export async function buildBundles() {
  const bundles = {};
  for (const [name, contents] of Object.entries(ENTRIES)) bundles[name] = await buildEntry(name, contents);
  return bundles;
}
