/** Types of svelte-compile.mjs for the TypeScript files that import it. */
import type { Plugin as EsbuildPlugin } from 'esbuild';

export function compileSvelte(source: string, filename: string, generate: 'client' | 'server'): { code: string; map: unknown };
export function svelteVitePlugin(): {
  name: string;
  transform(source: string, id: string, options?: { ssr?: boolean }): { code: string; map: unknown } | null;
};
export function svelteEsbuildPlugin(): EsbuildPlugin;
