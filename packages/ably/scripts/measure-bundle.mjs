/**
 * Measures what a browser downloads for Ably: the modular build with the subscriber's three plugins,
 * the full `ably` package, and the whole Switchboard subscriber (adapter + core + modular SDK).
 * Run from packages/ably: `node scripts/measure-bundle.mjs` (needs esbuild from the workspace root).
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const entries = {
  'ably/modular (WebSocketTransport, FetchRequest, RealtimePresence)': `
    import { BaseRealtime, WebSocketTransport, FetchRequest, RealtimePresence } from 'ably/modular';
    export const client = (options) => new BaseRealtime({ ...options, plugins: { WebSocketTransport, FetchRequest, RealtimePresence } });`,
  'ably (full Realtime)': `
    import * as Ably from 'ably';
    export const client = (options) => new Ably.Realtime(options);`,
  '@switchboard/ably/subscriber (adapter + core + ably/modular)': `
    export { ablySubscriber } from './src/subscriber/index.ts';`,
};

for (const [label, contents] of Object.entries(entries)) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@switchboard/source', 'browser', 'import'],
    outdir: 'measure-out',
    write: false,
    logLevel: 'error',
  });
  const bytes = result.outputFiles.filter((file) => file.path.endsWith('.js')).map((file) => file.contents);
  const raw = bytes.reduce((total, part) => total + part.byteLength, 0);
  const gzip = bytes.reduce((total, part) => total + gzipSync(part).byteLength, 0);
  console.log(`${label}: ${(raw / 1024).toFixed(1)} KiB minified, ${(gzip / 1024).toFixed(1)} KiB gzipped in all`);
  for (const file of result.outputFiles.filter((output) => output.path.endsWith('.js'))) {
    const name = file.path.split('/').pop();
    console.log(`  ${name}: ${(gzipSync(file.contents).byteLength / 1024).toFixed(1)} KiB gzipped`);
  }
}
