/**
 * Measurement 6 — bundle: what a browser downloads to subscribe with provider X through Switchboard
 * against the raw vendor SDK subscribing alone, and which chunks an auth-endpoint page loads
 * eagerly. The same builds back the size-limit budget (`pnpm size`).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { basename, join } from 'node:path';
import { paragraphs, type Section, table } from '../lib/markdown.js';
import { formatBytes } from '../lib/stats.js';
import { BUDGET_BYTES, budgetFor, COMPARISONS, GUARD_ADDED_BYTES } from './budgets.mjs';
import { type Bundle, buildBundles, eagerFiles, FIRST_USE, ROOT, staticClosure, sumGzip } from './build-bundles.mjs';
import { type PageCosts, pageCosts } from './module-costs.js';

type Provider = keyof typeof COMPARISONS;
const PROVIDERS = Object.keys(COMPARISONS) as Provider[];

function budgetRows(bundles: Record<string, Bundle>): { rows: string[][]; misses: Provider[] } {
  const misses: Provider[] = [];
  const rows = PROVIDERS.map((provider) => {
    const budget = budgetFor(bundles, provider);
    const added = budget.ourBytes - budget.rawBytes;
    const pass = budget.ourBytes <= budget.limit;
    if (!pass) misses.push(provider);
    return [
      COMPARISONS[provider].label,
      formatBytes(budget.rawBytes),
      formatBytes(budget.ourBytes),
      `${added >= 0 ? '+' : ''}${formatBytes(added)}`,
      pass ? `pass (≤ +${formatBytes(BUDGET_BYTES)})` : `**miss** by ${formatBytes(budget.ourBytes - budget.limit)}`,
    ];
  });
  const fullAbly = bundles['ably-raw-full'] as Bundle;
  const fullBytes = sumGzip(fullAbly, eagerFiles(fullAbly));
  const ours = budgetFor(bundles, 'ably').ourBytes;
  rows.push([
    'Ably (full `ably` package, the default import)',
    formatBytes(fullBytes),
    formatBytes(ours),
    `${ours - fullBytes >= 0 ? '+' : ''}${formatBytes(ours - fullBytes)}`,
    ours <= fullBytes + BUDGET_BYTES ? `pass (≤ +${formatBytes(BUDGET_BYTES)})` : '**miss**',
  ]);
  return { rows, misses };
}

const bytes = (count: number) => count.toLocaleString('en-US');
const moduleLabel = (module: string) => `\`${module.replace(/^packages\//, '').replace('/src/', '/')}\``;

/**
 * Where each provider's added bytes go: every workspace module on the subscribe path with what the
 * page's gzip loses without it and its minified size, the largest first; modules costing under
 * 100 B gzip everywhere are summed in one row. Then each page's adapter and core totals.
 */
function moduleRows(costs: Record<Provider, PageCosts>): string[][] {
  const modules = new Map<string, Partial<Record<Provider, { gzip: number; minified: number }>>>();
  for (const provider of PROVIDERS) {
    for (const { module, gzip, minified } of costs[provider].modules) {
      modules.set(module, { ...modules.get(module), [provider]: { gzip, minified } });
    }
  }
  const largest = (module: string) => Math.max(...PROVIDERS.map((provider) => modules.get(module)?.[provider]?.gzip ?? 0));
  const ordered = [...modules.keys()].sort((a, b) => largest(b) - largest(a));
  const shown = ordered.filter((module) => largest(module) >= 100);
  const rest = ordered.filter((module) => !shown.includes(module));
  const cell = (value: { gzip: number; minified: number } | undefined) => (value ? `${bytes(value.gzip)} (${bytes(value.minified)})` : '—');
  const sum = (provider: Provider, test: (module: string) => boolean) =>
    costs[provider].modules.reduce(
      (total, { module, gzip, minified }) => (test(module) ? { gzip: total.gzip + gzip, minified: total.minified + minified } : total),
      { gzip: 0, minified: 0 },
    );
  return [
    ...shown.map((module) => [moduleLabel(module), ...PROVIDERS.map((provider) => cell(modules.get(module)?.[provider]))]),
    [
      `${rest.length} smaller modules (${rest.map(moduleLabel).join(', ')})`,
      ...PROVIDERS.map((provider) => cell(sum(provider, (module) => rest.includes(module)))),
    ],
    [
      '**core, all modules**',
      ...PROVIDERS.map((provider) => `**${cell(sum(provider, (module) => module.startsWith('packages/core/')))}**`),
    ],
    [
      '**adapter, all modules**',
      ...PROVIDERS.map((provider) => `**${cell(sum(provider, (module) => module.startsWith(`packages/${provider}/`)))}**`),
    ],
  ];
}

/** Date, Node, esbuild and machine of this measurement (byte counts do not depend on the machine). */
function measuredWith(): string {
  const cpus = os.cpus();
  const esbuild = JSON.parse(
    execFileSync(process.execPath, ['-p', 'JSON.stringify(require("esbuild/package.json").version)'], { cwd: ROOT, encoding: 'utf8' }),
  ) as string;
  return (
    `Measured on ${new Date().toISOString().slice(0, 10)} with Node ${process.version} and esbuild ${esbuild} on ` +
    `${cpus[0]?.model.trim() ?? 'an unknown CPU'} (${cpus.length} cores, ${os.type()} ${os.release()}); sizes do not depend on the machine.`
  );
}

function chunkRows(page: Bundle): string[][] {
  const eager = eagerFiles(page);
  const describe = (keys: string[]) => keys.map((key) => `\`${basename(key)}\``).join(', ');
  const rows = [['eagerly, with the page', describe(eager), formatBytes(sumGzip(page, eager)), 'none']];
  for (const provider of PROVIDERS) {
    // The provider's lazily imported modules, except those loaded on first use of a feature (`FIRST_USE`).
    const lazy = Object.keys(page.files).filter((key) => {
      const file = page.files[key];
      return file?.entryPoint !== undefined && !file.entry && FIRST_USE[file.entryPoint] === undefined && file.providers.includes(provider);
    });
    const added = staticClosure(page, lazy).filter((key) => !eager.includes(key));
    rows.push([`when the endpoint answers \`${provider}\``, describe(added), formatBytes(sumGzip(page, added)), provider]);
  }
  return rows;
}

/** The Ably package's own script (modular vs full SDK, per chunk), run as it is. */
function ablyScriptOutput(): string {
  try {
    return execFileSync(process.execPath, ['scripts/measure-bundle.mjs'], { cwd: join(ROOT, 'packages', 'ably'), encoding: 'utf8' }).trim();
  } catch (error) {
    return `(packages/ably/scripts/measure-bundle.mjs failed: ${error instanceof Error ? error.message : String(error)})`;
  }
}

export async function measureBundles(log: (line: string) => void): Promise<{ section: Section; misses: string[] }> {
  log('bundle: esbuild builds');
  const bundles = await buildBundles();
  const { rows, misses } = budgetRows(bundles);
  const page = bundles['auth-endpoint'] as Bundle;
  const coreClient = bundles['core-client'] as Bundle;
  const coreOnly = sumGzip(coreClient, eagerFiles(coreClient));
  log('bundle: module costs');
  const costs = Object.fromEntries(
    await Promise.all(PROVIDERS.map(async (provider) => [provider, await pageCosts(COMPARISONS[provider].switchboard)] as const)),
  ) as Record<Provider, PageCosts>;
  const ownSummary = PROVIDERS.map(
    (provider) => `${provider} ${bytes(costs[provider].ownGzip)} B (${bytes(costs[provider].ownGzipWithoutStrings)} B without strings)`,
  ).join(', ');
  return {
    misses,
    section: {
      heading: 'Bundle size',
      body: paragraphs(
        'What a browser downloads to subscribe to one event: esbuild (`--bundle --minify --splitting --format=esm ' +
          '--platform=browser --target=es2022`, workspace packages through the `@switchboard/source` condition), each output ' +
          'file gzipped at level 9 and summed over the files that load. The raw side is the vendor SDK subscribing alone; ' +
          'the Switchboard side is `xSubscriber({...}).subscribe(channel, event, handler)` with a channel whose schema is a ' +
          'two-line Standard Schema (catalog weight is in “Catalog bundle sizes” below), counting every chunk subscribing ' +
          'loads (for Ably the adapter loads `ably/modular` lazily). Budget: at most +3 KiB gzip over the vendor SDK; `pnpm size` ' +
          '(size-limit; `.size-limit.js` builds these same bundles) reports it and enforces the regression guard below.',
        table(['provider', 'raw vendor SDK', 'Switchboard', 'added', 'budget'], rows, [0, 4]),
        measuredWith(),
        misses.length > 0
          ? `The budget is missed for ${misses.join(', ')}; until it is met, \`pnpm size\` enforces a regression guard ` +
              `instead (vendor + ${PROVIDERS.map((provider) => `${GUARD_ADDED_BYTES[provider]} B for ${provider}`).join(', ')}: ` +
              'what each adapter added when last measured, rounded up to 64 B; `GUARD_ADDED_BYTES` in `bench/bundle/budgets.mjs`, ' +
              'only ever lowered), so the gap cannot grow unnoticed.'
          : 'Every provider is within budget.',
        'Where the added bytes go. Each cell is what the page’s gzip loses when that module’s code is taken out of the files ' +
          'subscribing loads, then the module’s minified bytes in parentheses (`bench/bundle/module-costs.ts`; gzip shares ' +
          'context between modules, so the cells add up to a little less than the “added” column above). Core’s client code is ' +
          'the same on every provider: `defineChannel` (template checks and naming), the subscriber (envelope checks, the ' +
          'size check, de-duplication, ordered async validation, error routing, the connect timeout of `ready`, the presence ' +
          'and history hooks), the envelope, errors, issue formatting and the adapter kit (connection state, the one ' +
          'credential fetch, the refusal shape).',
        table(['module', ...PROVIDERS.map((provider) => COMPARISONS[provider].label)], moduleRows(costs), [0]),
        `Why the budget is out of reach without taking behaviour out: core’s share alone (a page that defines a channel and ` +
          `subscribes through \`createSubscriberFromTransport\`, no adapter, no SDK) is ${formatBytes(coreOnly)} gzip, more than ` +
          'the whole budget, and each adapter adds its own transport on top. Messages are not the bulk: the workspace code of ' +
          `each page built alone (vendor SDK external) gzips to ${ownSummary} — with every string literal emptied (error ` +
          'messages, wire names, codes) each page would still add well over the budget. The credential fetch is eager on every ' +
          'page although a public Socket.IO or Pusher subscribe never calls it: Ably and the auth-endpoint page call it before ' +
          'anything else, so loading it lazily would put a chunk fetch before their first request, and an adapter module ' +
          'loaded lazily cannot import it either (esbuild then splits it into a shared chunk the entry imports for its side ' +
          'effects, which every page downloads). The adapters’ `/subscriber` entries import `@switchboard/core/client` and ' +
          '`/adapter` only, which reach no publisher, environment, access-rule or memory-adapter code.',
        `Lazy chunks are counted when subscribing fetches them; left out are only other providers' chunks and modules loaded ` +
          `on first use of a feature the page does not use (\`FIRST_USE\` in \`bench/bundle/build-bundles.mjs\`): ` +
          `${Object.entries(FIRST_USE)
            .map(([module, what]) => `\`${basename(module)}\` (${what})`)
            .join('; ')}. \`packages/core/test/lazy-features.test.ts\` and the Pusher and Ably adapters’ ` +
          '`test/lazy-features.test.ts` prove a subscribe, a message and a reconnect import none of it, and that first use ' +
          'does. History catch-up comes only with a `history` client. The lazy chunks get the error class and what else they ' +
          'share with the page handed over instead of importing it, so no third file of shared code is downloaded; esbuild ' +
          'still puts its runtime helpers (`__export`, `__commonJS`) in a small chunk of their own when a page has a lazy ' +
          'chunk, which the Socket.IO and Pusher figures include. For Ably, the adapter loads `ably/modular` as a lazy chunk ' +
          '(its peer loader), a second file that gzips ≈0.5 KiB worse than one.',
        '**Auth-endpoint flow.** `createSubscriber({ authEndpoint, adapters: { "socket-io": () => import(…), pusher: () => ' +
          'import(…), ably: () => import(…) } })` with splitting: the chunks the page loads eagerly, and what each answer of ' +
          'the endpoint adds (first-use chunks left out, as above). The eager chunks contain no code of any provider (checked from esbuild’s metafile: no input ' +
          'from a vendor SDK or an adapter package), so a page whose endpoint never answers `ably` never downloads Ably. ' +
          '`pnpm size` fails if a provider leaks into the eager chunks.',
        table(['loaded', 'chunks', 'gzip', 'provider code inside'], chunkRows(page), [0, 1, 3]),
        `The Ably package’s own measurement (\`node packages/ably/scripts/measure-bundle.mjs\`, whole package entry, lazy chunks listed separately):\n\n\`\`\`text\n${ablyScriptOutput()}\n\`\`\``,
      ),
    },
  };
}
