/**
 * Compiles `.svelte` components with `svelte/compiler` for the tests and the example pages, without
 * a framework build tool: a Vite plugin (vitest; server output under SSR) and an esbuild plugin
 * (browser bundles). Plain JavaScript so vitest.workspace.ts and the example servers import it as is.
 */
import { readFile } from 'node:fs/promises';
import { compile } from 'svelte/compiler';

/** Compiles one component's source for the browser (`client`) or for server rendering (`server`). */
export function compileSvelte(source, filename, generate) {
  const { js, warnings } = compile(source, { filename, generate, css: 'injected' });
  for (const warning of warnings) console.warn(`[svelte] ${filename}: ${warning.message}`);
  return js;
}

/** A Vite plugin (for vitest): `.svelte` files compile for the server when Vite transforms for SSR. */
export function svelteVitePlugin() {
  return {
    name: 'switchboard-svelte',
    transform(source, id, options) {
      const file = id.split('?')[0];
      if (!file.endsWith('.svelte')) return null;
      const ssr = options?.ssr ?? this.environment?.config?.consumer === 'server';
      const js = compileSvelte(source, file, ssr ? 'server' : 'client');
      return { code: js.code, map: js.map };
    },
  };
}

/** An esbuild plugin: `.svelte` files compile for the browser. */
export function svelteEsbuildPlugin() {
  return {
    name: 'switchboard-svelte',
    setup(build) {
      build.onLoad({ filter: /\.svelte$/ }, async ({ path }) => {
        const js = compileSvelte(await readFile(path, 'utf8'), path, 'client');
        return { contents: js.code, loader: 'js', resolveDir: path.slice(0, path.lastIndexOf('/')) };
      });
    },
  };
}
