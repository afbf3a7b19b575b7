/**
 * Summarizes a V8 .cpuprofile: self time per function (with its file), highest first, as a share
 * of the samples. `tsx bench/profile/top-functions.ts /tmp/prof/x.cpuprofile [count] [--files]`;
 * `--files` sums per file instead (tsx's transform loses line numbers of workspace sources).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const profile = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as { nodes: ProfileNode[] };
const count = Number(process.argv[3] ?? 40);
const byFunction = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  total += hits;
  const file = node.callFrame.url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^.*\/packages\//, 'packages/');
  const key = process.argv.includes('--files')
    ? file || '(native)'
    : `${node.callFrame.functionName || '(anonymous)'}  ${file}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
}
for (const [key, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, count)) {
  console.log(`${((100 * hits) / total).toFixed(1).padStart(5)}%  ${key}`);
}
