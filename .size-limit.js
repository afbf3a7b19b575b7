/**
 * Bundle budget (issue 12): subscribing through Switchboard with provider X may add at most 3 KiB
 * gzip to the raw vendor SDK doing the same. The bundles are built here (esbuild, browser, minified,
 * split) into .tmp/bundles, and each limit is the raw vendor bundle measured now + 3 KiB, so the
 * budget follows vendor upgrades. The auth-endpoint page's eager chunks must carry no provider SDK.
 * Run: pnpm size
 */

import { BUDGET_BYTES, budgetFor, COMPARISONS } from './bench/bundle/budgets.mjs';
import { buildBundles, eagerFiles } from './bench/bundle/build-bundles.mjs';

const bundles = await buildBundles();
const checks = [];
for (const provider of Object.keys(COMPARISONS)) {
  const budget = budgetFor(bundles, provider);
  checks.push({ name: `${provider}: raw vendor SDK (reference)`, path: budget.rawFiles, gzip: true });
  checks.push({
    name: `${provider}: Switchboard subscriber, everything subscribing loads (≤ vendor + ${BUDGET_BYTES} B)`,
    path: budget.ourFiles,
    gzip: true,
    limit: `${budget.limit} B`,
  });
}
const authPage = bundles['auth-endpoint'];
const eager = eagerFiles(authPage);
const leaked = eager.filter((key) => authPage.files[key].providers.length > 0);
if (leaked.length > 0) throw new Error(`auth-endpoint page: provider code in its eager chunks: ${leaked.join(', ')}`);
// Every provider SDK is larger than this, so one leaking into the eager chunks fails the check.
checks.push({ name: 'auth-endpoint page: eager chunks (no provider code)', path: eager, gzip: true, limit: '9 KB' });

export default checks;
