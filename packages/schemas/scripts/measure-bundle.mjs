#!/usr/bin/env node
/**
 * Measures what each catalog adds to a browser bundle: esbuild bundles, minifies and gzips a small
 * entry per catalog, compared with an app that only has core's subscriber. Prints a markdown
 * section; `--write` replaces the "## Catalog bundle sizes" section of docs/benchmarks.md.
 *
 *   node packages/schemas/scripts/measure-bundle.mjs [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchmarksFile = join(packageDirectory, '..', '..', 'docs', 'benchmarks.md');
const SECTION_HEADING = '## Catalog bundle sizes';
const catalogs = ['progress', 'comments', 'conversations', 'sessions', 'sms'];
const subscriberImport = "export { createSubscriber } from '@switchboard/core';";

/** Bundles `source` for the browser; returns minified and gzipped sizes in bytes. */
async function measure(source, external = []) {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: packageDirectory, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Resolve workspace packages to their sources, as the tests do; the code is the same as dist.
    conditions: ['@switchboard/source'],
    external,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

const catalogImport = (name) => `export * from './src/${name}.ts';`;

async function measureAll() {
  const baseline = await measure(subscriberImport);
  const rows = [];
  for (const name of [...catalogs, 'index']) {
    const withCatalog = await measure(`${subscriberImport}\n${catalogImport(name)}`);
    const withoutValibot = await measure(`${subscriberImport}\n${catalogImport(name)}`, ['valibot']);
    const standalone = await measure(catalogImport(name));
    rows.push({
      name: name === 'index' ? 'all five (`@switchboard/schemas`)' : `\`@switchboard/schemas/${name}\``,
      standalone,
      addedGzip: withCatalog.gzipped - baseline.gzipped,
      addedMinified: withCatalog.minified - baseline.minified,
      valibotGzip: withCatalog.gzipped - withoutValibot.gzipped,
    });
  }
  return { baseline, rows };
}

function describeMachine() {
  const cpus = os.cpus();
  return {
    machine: `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    esbuild: esbuild.version,
    // valibot's exports map hides package.json, so read it from the installed copy.
    valibot: JSON.parse(readFileSync(join(packageDirectory, 'node_modules', 'valibot', 'package.json'), 'utf8')).version,
    date: new Date().toISOString().slice(0, 10),
  };
}

const kib = (bytes) => `${(bytes / 1024).toFixed(2)} KiB`;

function render({ baseline, rows }, environment) {
  const lines = [
    SECTION_HEADING,
    '',
    'What each event catalog adds to a browser bundle, gzipped. Each entry point is bundled with esbuild',
    '(`--bundle --minify --format=esm --platform=browser --target=es2022`) and gzipped at level 9. The',
    "baseline is an app that already imports core's `createSubscriber`; **adds** is the growth when the",
    'catalog is imported next to it with every export kept (`export *`), so it is an upper bound: an app that',
    'imports only a channel definition keeps less. **valibot** is the part of that growth that disappears',
    'when valibot is left out of the bundle (the validators the catalog uses; valibot is tree-shaken per',
    'function, and shared validators are counted once when catalogs are combined).',
    '',
    `Measured on ${environment.date} with Node ${environment.node}, esbuild ${environment.esbuild}, valibot ${environment.valibot};`,
    `machine: ${environment.machine}. Sizes do not depend on the machine; they change with the code and tool versions.`,
    '',
    `Baseline (core \`createSubscriber\` only): ${kib(baseline.minified)} minified, **${kib(baseline.gzipped)} gzipped**.`,
    '',
    '| entry | adds (gzip) | of which valibot (gzip) | adds (minified) | alone, without core subscriber (gzip) |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.name} | **${kib(row.addedGzip)}** | ${kib(row.valibotGzip)} | ${kib(row.addedMinified)} | ${kib(row.standalone.gzipped)} |`,
    ),
    '',
    'Reproduce: `node packages/schemas/scripts/measure-bundle.mjs` (prints this section; `--write` updates this file).',
    '',
  ];
  return lines.join('\n');
}

/** Replaces this section (up to the next `## ` heading) or appends it, leaving other sections alone. */
function writeSection(section) {
  let current = '';
  try {
    current = readFileSync(benchmarksFile, 'utf8');
  } catch {
    current = '# Benchmarks\n';
  }
  const start = current.indexOf(`${SECTION_HEADING}\n`);
  let next;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const following = current.indexOf('\n## ', start + SECTION_HEADING.length);
    const rest = following === -1 ? '' : current.slice(following + 1);
    next = `${current.slice(0, start)}${section}${rest ? `\n${rest}` : ''}`;
  }
  writeFileSync(benchmarksFile, next);
}

const section = render(await measureAll(), describeMachine());
process.stdout.write(section);
if (process.argv.includes('--write')) {
  writeSection(section);
  process.stdout.write(`\nUpdated ${benchmarksFile}\n`);
}
