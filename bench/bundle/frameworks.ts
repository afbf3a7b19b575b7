/**
 * Measurement — framework bindings (issue 26): what `@switchboard/vue` and `@switchboard/svelte`
 * add, gzip, over the same work done with `@switchboard/core/client` alone. The same builds back
 * the size-limit guard (`pnpm size`).
 */
import { paragraphs, type Section, table } from '../lib/markdown.js';
import { formatBytes } from '../lib/stats.js';
import { buildFrameworkBundles, FRAMEWORK_BUDGET_BYTES, FRAMEWORK_GUARD_ADDED_BYTES, type FrameworkEntry } from './framework-bundles.mjs';

export async function measureFrameworkBundles(log: (line: string) => void): Promise<{ section: Section; misses: string[] }> {
  log('framework bindings bundle (esbuild, gzip)');
  const bundles = await buildFrameworkBundles();
  const misses: string[] = [];
  const row = (name: 'vue' | 'svelte', label: string, entry: FrameworkEntry, baseEntry: FrameworkEntry) => {
    const base = bundles[baseEntry].gzipped;
    const added = bundles[entry].gzipped - base;
    const pass = added <= FRAMEWORK_BUDGET_BYTES;
    if (!pass && entry === name) misses.push(name);
    return [
      `@switchboard/${name}${label}`,
      formatBytes(base),
      formatBytes(bundles[entry].gzipped),
      `+${formatBytes(added)}`,
      pass ? `pass (≤ +${formatBytes(FRAMEWORK_BUDGET_BYTES)})` : `**miss** by ${formatBytes(added - FRAMEWORK_BUDGET_BYTES)}`,
    ];
  };
  const rows = (['vue', 'svelte'] as const).flatMap((name) => [
    row(name, ', all four', name, 'core-client'),
    row(name, ', events and state only', `${name}-events`, 'core-client-events'),
  ]);
  const body = paragraphs(
    'The baseline subscribes to an event, watches presence and follows the connection state with `@switchboard/core/client` alone (`createSubscriber({ authEndpoint })`); each binding entry does the same through `useEvent`, `useChannel`, `usePresence` and `useConnectionState` with its provider (`createSwitchboard` / `setSwitchboard`); the second row of each leaves presence out on both sides (the budget is judged on the first). esbuild, browser, minified ESM, one file, gzip level 9; Vue and Svelte themselves are external (the app ships them anyway). Budget: at most +1 KiB gzip.',
    table(['binding', 'core client alone', 'with the binding', 'added', 'budget'], rows),
    misses.length > 0 &&
      `The budget is missed; \`pnpm size\` guards against growth meanwhile (+${FRAMEWORK_GUARD_ADDED_BYTES.vue} B for Vue, +${FRAMEWORK_GUARD_ADDED_BYTES.svelte} B for Svelte; \`FRAMEWORK_GUARD_ADDED_BYTES\` in \`bench/bundle/framework-bundles.mjs\`). Where the bytes go: core's binding kit (\`core/src/bindings/\`, shared by both, ≈0.9 KiB gzip: the channel binding that resubscribes only on a new name and drops stale answers, the presence binding with its member list, and presence held once per connection) and each package's lifecycle wrapper and provider (≈0.6 KiB). Without presence each binding is within budget. What would move it: dropping \`self\`/\`lastEvent\` from presence state, or presence held per component instead of per connection.`,
  );
  return { section: { heading: 'Framework bindings bundle size', body }, misses };
}
