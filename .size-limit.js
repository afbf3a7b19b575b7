/**
 * Bundle budget (issue 12): subscribing through Switchboard with provider X should add at most 3 KiB
 * gzip to the raw vendor SDK doing the same. The bundles are built here (esbuild, browser, minified,
 * split) into .tmp/bundles; the Switchboard side counts every chunk subscribing fetches, lazy ones
 * included (only other providers' chunks and features loaded on first use, `FIRST_USE` in
 * bench/bundle/build-bundles.mjs, are left out). That goal is missed today (docs/benchmarks.md says by how much and why),
 * so each limit is a regression guard instead: the raw vendor bundle measured now plus what
 * Switchboard added when last measured, rounded up (GUARD_ADDED_BYTES in bench/bundle/budgets.mjs),
 * so it follows vendor upgrades and fails on growth. The auth-endpoint page's eager chunks must
 * carry no provider SDK.
 * Run: pnpm size
 */

import { BUDGET_BYTES, budgetFor, COMPARISONS, GUARD_ADDED_BYTES } from './bench/bundle/budgets.mjs';
import { buildBundles, eagerFiles } from './bench/bundle/build-bundles.mjs';
import { frameworkChecks } from './bench/bundle/framework-bundles.mjs';

const bundles = await buildBundles();
const checks = [];
for (const provider of Object.keys(COMPARISONS)) {
  const budget = budgetFor(bundles, provider);
  checks.push({ name: `${provider}: raw vendor SDK (reference)`, path: budget.rawFiles, gzip: true });
  checks.push({
    name: `${provider}: Switchboard subscriber, everything subscribing loads (guard: ≤ vendor + ${GUARD_ADDED_BYTES[provider]} B; goal: vendor + ${BUDGET_BYTES} B = ${budget.limit} B, ${budget.ourBytes <= budget.limit ? 'met' : 'missed'})`,
    path: budget.ourFiles,
    gzip: true,
    limit: `${budget.guard} B`,
  });
}
const authPage = bundles['auth-endpoint'];
const eager = eagerFiles(authPage);
const leaked = eager.filter((key) => authPage.files[key].providers.length > 0);
if (leaked.length > 0) throw new Error(`auth-endpoint page: provider code in its eager chunks: ${leaked.join(', ')}`);
// Every provider SDK is larger than this, so one leaking into the eager chunks fails the check.
checks.push({ name: 'auth-endpoint page: eager chunks (no provider code)', path: eager, gzip: true, limit: '9 KB' });

// Vue and Svelte bindings over core's client entry (issue 26).
checks.push(...(await frameworkChecks()));

export default checks;
