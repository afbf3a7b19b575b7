// API reference for every package: `pnpm docs` writes docs/api (gitignored).
// Entry points come from each package's `exports` map (the `@switchboard/source` condition), so a new
// subpath is documented — and must be fully documented — the moment a package exports it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const packagesDirectory = 'packages';
const packageNames = [];
const entryPoints = [];

for (const folder of readdirSync(packagesDirectory).sort()) {
  const manifest = JSON.parse(readFileSync(join(packagesDirectory, folder, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  packageNames.push(manifest.name);
  for (const target of Object.values(manifest.exports ?? {})) {
    const source = typeof target === 'object' ? target['@switchboard/source'] : undefined;
    if (source) entryPoints.push(join(packagesDirectory, folder, source));
  }
}

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'Switchboard',
  entryPoints,
  entryPointStrategy: 'resolve',
  tsconfig: 'docs/tsconfig.api.json',
  out: 'docs/api',
  readme: 'none',
  // The typecheck job already type-checks the sources; skipping it here keeps the run short.
  skipErrorChecking: true,
  disableSources: true,
  excludePrivate: true,
  excludeInternal: true,
  plugin: ['./scripts/typedoc-duplicate-declarations.mjs'],
  sort: ['kind', 'instance-first', 'alphabetical-ignoring-documents'],
  treatWarningsAsErrors: true,
  packagesRequiringDocumentation: packageNames,
  validation: { notExported: true, invalidLink: true, invalidPath: true, rewrittenLink: true, notDocumented: true },
};
