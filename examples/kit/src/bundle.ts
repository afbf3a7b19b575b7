/**
 * Bundles the examples' browser entries at startup with esbuild: ESM with code splitting, so each
 * provider's subscriber (and its SDK) is a chunk of its own that a page loads only when its auth
 * endpoint names that provider. The `@switchboard/source` condition bundles the packages' `src`,
 * so nothing needs a prior build.
 */
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { svelteEsbuildPlugin } from '../../../scripts/svelte-compile.mjs';

/** One bundled file, served under `/assets/`. */
export interface Asset {
  contentType: string;
  contents: Uint8Array;
}

/** The bundle: files by URL path (`/assets/progress.js`) and each entry's script URL by name. */
export interface ClientBundle {
  assets: Map<string, Asset>;
  entryScripts: Map<string, string>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Bundles `entries` (example name → absolute path of its `.ts`/`.tsx` entry). */
export async function bundleClients(entries: Record<string, string>): Promise<ClientBundle> {
  // Nothing is written: outdir only anchors the output paths.
  const outdir = join(tmpdir(), 'switchboard-example-assets');
  const result = await build({
    entryPoints: entries,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir,
    write: false,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    conditions: ['@switchboard/source', 'module', 'browser'],
    jsx: 'automatic',
    // Vue's and Svelte's pages: Vue's compile-time flags, and .svelte components compiled here.
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    plugins: [svelteEsbuildPlugin()],
    minify: true,
    sourcemap: 'linked',
    logLevel: 'silent',
  });
  const assets = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    const path = `/assets/${relative(outdir, file.path).split('\\').join('/')}`;
    const extension = path.slice(path.lastIndexOf('.'));
    assets.set(path, { contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream', contents: file.contents });
  }
  const entryScripts = new Map<string, string>();
  for (const name of Object.keys(entries)) {
    const script = `/assets/${name}.js`;
    if (!assets.has(script)) throw new Error(`esbuild produced no script for the "${name}" example`);
    entryScripts.set(name, script);
  }
  return { assets, entryScripts };
}
