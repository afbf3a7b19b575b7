/**
 * Where a page's added bytes go, module by module. Each workspace module's cost is what the gzipped
 * files subscribing loads lose when that module's code is taken out of them; gzip shares context
 * between modules, so the costs add up to a little less than the whole. The page is rebuilt as the
 * benchmark builds it, but with whitespace kept, so esbuild's `// path` comments mark where each
 * module's code starts; each piece is then minified on its own, which comes within about 1 % of
 * the benchmark's own files.
 */
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, transform } from 'esbuild';
import { ENTRIES, FIRST_USE, ROOT } from './build-bundles.mjs';

/** One workspace module of a page: its minified bytes and what its removal saves after gzip. */
export interface ModuleCost {
  module: string;
  minified: number;
  gzip: number;
}

/** What a page's own code (vendor SDKs left out) weighs, and the modules' costs. */
export interface PageCosts {
  modules: ModuleCost[];
  /** Gzip of the workspace code alone, vendor SDKs marked external. */
  ownGzip: number;
  /** The same with every string literal emptied: what the code itself weighs, messages and names aside. */
  ownGzipWithoutStrings: number;
}

const gzip = (text: string) => gzipSync(text, { level: 9 }).byteLength;
const VENDOR_EXTERNALS = ['socket.io-client', 'pusher-js', 'ably', 'ably/*'];
const STRING_LITERAL = /`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g;

async function buildPage(name: string, options: { whitespace: boolean; external?: string[] }) {
  return build({
    stdin: { contents: ENTRIES[name] as string, resolveDir: ROOT, loader: 'js', sourcefile: `${name}.js` },
    bundle: true,
    minify: !options.whitespace,
    minifySyntax: true,
    minifyIdentifiers: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@switchboard/source'],
    outdir: join(ROOT, '.tmp', 'module-costs'),
    absWorkingDir: ROOT,
    entryNames: 'entry',
    external: options.external ?? [],
    metafile: true,
    write: false,
    logLevel: 'error',
  });
}

/** The outputs subscribing loads: from the entry, through every import, except first-use modules (as `subscribeFiles`). */
function loadedOutputs(metafile: Metafile): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    const output = metafile.outputs[key];
    if (seen.has(key) || !output || (output.entryPoint && FIRST_USE[output.entryPoint] !== undefined)) return;
    seen.add(key);
    for (const next of output.imports) if (!next.external) visit(next.path);
  };
  for (const key of Object.keys(metafile.outputs)) if (key.endsWith('entry.js')) visit(key);
  return [...seen];
}

/** Splits an output at esbuild's `// path` comments into (module, code) pieces, each minified. */
async function pieces(text: string): Promise<Array<{ module: string; code: string }>> {
  const split: Array<{ module: string; code: string }> = [{ module: '(runtime)', code: '' }];
  for (const line of text.split('\n')) {
    const marker = /^\/\/ (\S+\.(?:ts|js|mjs|cjs)|<stdin>)$/.exec(line);
    if (marker) split.push({ module: marker[1] as string, code: '' });
    else (split.at(-1) as { code: string }).code += `${line}\n`;
  }
  for (const piece of split) {
    piece.code = await transform(piece.code, { minifyWhitespace: true, format: 'esm', target: 'es2022' }).then(
      (result) => result.code,
      () => piece.code,
    );
  }
  return split;
}

/** Module costs of the named page in ENTRIES, over the files subscribing loads. */
export async function pageCosts(name: string): Promise<PageCosts> {
  const readable = await buildPage(name, { whitespace: true });
  const loaded = new Set(loadedOutputs(readable.metafile));
  const costs = new Map<string, ModuleCost>();
  for (const file of readable.outputFiles) {
    if (!loaded.has(relative(ROOT, file.path))) continue;
    const parts = await pieces(file.text);
    const whole = gzip(parts.map((part) => part.code).join(''));
    for (const part of parts) {
      if (!part.module.startsWith('packages/')) continue;
      const without = gzip(parts.map((other) => (other === part ? '' : other.code)).join(''));
      const cost = costs.get(part.module) ?? { module: part.module, minified: 0, gzip: 0 };
      cost.minified += part.code.length;
      cost.gzip += whole - without;
      costs.set(part.module, cost);
    }
  }
  const own = await buildPage(name, { whitespace: false, external: VENDOR_EXTERNALS });
  const ownEntry = own.outputFiles.find((file) => file.path.endsWith('entry.js'))?.text ?? '';
  return {
    modules: [...costs.values()].sort((a, b) => b.gzip - a.gzip),
    ownGzip: gzip(ownEntry),
    ownGzipWithoutStrings: gzip(ownEntry.replace(STRING_LITERAL, '""')),
  };
}
