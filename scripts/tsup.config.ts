/**
 * The one build config every package uses (`tsup --config ../../scripts/tsup.config.ts`).
 * Entries come from the package's own `exports` map, so adding a subpath export is the only step;
 * a `bin` at `./dist/<path>.js` is built from `./src/<path>.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

interface ExportTarget {
  '@switchboard/source'?: string;
}

const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
  exports: Record<string, ExportTarget | string>;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

const entry = Object.fromEntries(
  Object.values(pkg.exports)
    .flatMap((target) => (typeof target === 'object' && target['@switchboard/source'] ? [target['@switchboard/source']] : []))
    .map((source) => [source.replace(/^\.\/src\//, '').replace(/\.tsx?$/, ''), source]),
);
const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
for (const bin of bins) {
  const match = /^\.\/dist\/(.+)\.js$/.exec(bin);
  if (!match?.[1]) throw new Error(`bin ${bin} is not ./dist/<path>.js`);
  entry[match[1]] = `./src/${match[1]}.ts`;
}

export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  outDir: 'dist',
  external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})],
});
