#!/usr/bin/env node
// Stack traces and debuggers must land on sources the package ships. Run in a package after its
// build (its `lint` script does): every source map in dist/ must name only files inside the
// package's `files` and embed their content (`sourcesContent`), so a map resolves from the tarball.
//
//   node ../../scripts/check-source-maps.mjs      (from packages/<name>)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = process.cwd();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const shipped = (pkg.files ?? []).map((entry) => resolve(root, entry));
const problems = [];

function maps(directory) {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return maps(path);
    return entry.name.endsWith('.map') ? [path] : [];
  });
}

const found = maps(join(root, 'dist'));
for (const file of found) {
  const map = JSON.parse(readFileSync(file, 'utf8'));
  const sources = map.sources ?? [];
  sources.forEach((source, index) => {
    const target = resolve(dirname(file), map.sourceRoot ?? '', source);
    const where = `${relative(root, file)}: ${source}`;
    if (!shipped.some((entry) => target === entry || target.startsWith(`${entry}/`))) problems.push(`${where} is not in "files"`);
    else if (!existsSync(target)) problems.push(`${where} does not exist`);
    if (typeof map.sourcesContent?.[index] !== 'string') problems.push(`${where} has no sourcesContent`);
  });
}
if (found.length === 0) problems.push('no source maps in dist/ (build first)');
if (problems.length > 0) {
  console.error(`${pkg.name}: source maps that do not resolve to shipped sources:\n  ${problems.slice(0, 20).join('\n  ')}`);
  process.exit(1);
}
console.log(`${pkg.name}: ${found.length} source maps resolve to shipped sources`);
