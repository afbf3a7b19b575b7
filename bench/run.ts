/**
 * `pnpm bench` — runs every measurement and writes docs/benchmarks.md. `--quick` is a smoke run
 * (small sizes, few rounds); `--only=overhead,bundle` runs some measurements and prints them
 * (machine, load, “Budgets at a glance” and the sections) without touching the document;
 * `--providers=socket-io,pusher,ably` narrows the overhead comparison. Each measurement lives in its own module; this file orders them.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureBatching } from './batching.js';
import { measureFrameworkBundles } from './bundle/frameworks.js';
import { measureBundles } from './bundle/index.js';
import { measureCoreCost } from './core-cost.js';
import { measureFanOut } from './fan-out/index.js';
import { nowMs } from './lib/clock.js';
import { describeEnvironment, sampleLoad } from './lib/environment.js';
import { renderSection, type Section } from './lib/markdown.js';
import { measureMemory } from './memory/index.js';
import { measureOverhead } from './overhead/index.js';
import { summarize } from './summary.js';

const root = join(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const only = process.argv
  .find((argument) => argument.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (name: string) => !only || only.includes(name);
const providers = process.argv
  .find((argument) => argument.startsWith('--providers='))
  ?.slice('--providers='.length)
  .split(',');
const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The schemas package's section, produced by its own script (kept as the single source of it). */
function catalogSection(): string {
  return execFileSync(process.execPath, [join(root, 'packages', 'schemas', 'scripts', 'measure-bundle.mjs')], { encoding: 'utf8' }).trim();
}

const started = nowMs();
const load = sampleLoad();
const sections: Section[] = [];
const outcome: Parameters<typeof summarize>[0] = {};
if (wanted('overhead')) {
  const overhead = await measureOverhead(quick, log, providers);
  outcome.overhead = overhead.runs;
  sections.push(overhead.section, overhead.notes);
}
if (wanted('batching')) sections.push(await measureBatching(quick, log));
if (wanted('fan-out')) {
  const fanOut = await measureFanOut(quick, log);
  outcome.fanOut = fanOut.ratios;
  sections.push(fanOut.section);
}
if (wanted('core')) sections.push(await measureCoreCost(quick, log));
if (wanted('memory')) {
  const memory = await measureMemory(quick, log);
  outcome.heapPerConnection = { vsRecovery: memory.perConnectionRatio, vsRaw: memory.perConnectionRatioNoRecovery };
  sections.push(memory.section);
}
if (wanted('bundle')) {
  const bundle = await measureBundles(log);
  outcome.bundleMisses = bundle.misses;
  sections.push(bundle.section);
}
if (wanted('frameworks')) {
  const frameworks = await measureFrameworkBundles(log);
  outcome.frameworkMisses = frameworks.misses;
  sections.push(frameworks.section);
}
load.stop();

const body = sections.map(renderSection).join('\n');
if (only) {
  process.stdout.write([describeEnvironment(load, nowMs() - started, quick), '', summarize(outcome), '', body].join('\n'));
} else {
  log('catalog bundle sizes (packages/schemas/scripts/measure-bundle.mjs)');
  const document = [
    '# Benchmarks',
    '',
    'Switchboard measured against the raw vendor SDKs doing the same work. Every comparison runs both sides in the same run ' +
      'and reports the ratio; numbers come from `pnpm bench` (this file is its output), never from timed tests. ' +
      '`pnpm bench --quick` is a smoke run; `pnpm size` checks bundle sizes (see “Bundle size” for the budget and the guard it enforces).',
    '',
    describeEnvironment(load, nowMs() - started, quick),
    '',
    summarize(outcome),
    '',
    body,
    catalogSection(),
    '',
  ].join('\n');
  writeFileSync(join(root, 'docs', 'benchmarks.md'), document);
  log('wrote docs/benchmarks.md');
}
// Vendor SDKs may keep timers (reconnects, keep-alive agents) after their clients closed.
process.exit(0);
