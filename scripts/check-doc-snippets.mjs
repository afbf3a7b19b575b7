#!/usr/bin/env node
// Keeps the guides' code honest. Every ```ts/```tsx block in docs/**/*.md must either be the exact
// content of a compiled file under docs/snippets/ (which the root typecheck covers), marked with
//   <!-- snippet: getting-started/server.ts -->
// on the line before the fence, or be marked <!-- sketch --> (code that is deliberately not
// Switchboard's API, like the "before" half of a migration), or be at most three lines long.
//
//   node scripts/check-doc-snippets.mjs          check; exit 1 with a list of problems
//   node scripts/check-doc-snippets.mjs --write  copy each snippet file into its markdown block
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const docsDirectory = join(root, 'docs');
const snippetsDirectory = join(docsDirectory, 'snippets');
const skippedDirectories = new Set(['api', 'node_modules', 'snippets']);
const write = process.argv.includes('--write');
const maxUnmarkedLines = 3;

const snippetMarker = /^<!--\s*snippet:\s*(\S+)\s*-->\s*$/;
const sketchMarker = /^<!--\s*sketch\b.*-->\s*$/;
const codeFence = /^```(ts|tsx)\s*$/;

function markdownFiles(directory) {
  const files = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && !skippedDirectories.has(entry.name)) files.push(...markdownFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.md')) files.push(path);
  }
  return files;
}

function snippetFiles(directory) {
  const files = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...snippetFiles(path));
    else if (/\.tsx?$/.test(entry.name)) files.push(path);
  }
  return files;
}

/** Index of the line that closes the fence opened at `start`, or -1. */
function closingFence(lines, start) {
  for (let index = start + 1; index < lines.length; index++) if (lines[index].trimEnd() === '```') return index;
  return -1;
}

const problems = [];
const referenced = new Set();
let checkedBlocks = 0;

for (const file of markdownFiles(docsDirectory)) {
  const where = relative(root, file);
  const lines = readFileSync(file, 'utf8').split('\n');
  let changed = false;
  for (let index = 0; index < lines.length; index++) {
    if (!codeFence.test(lines[index])) continue;
    const end = closingFence(lines, index);
    if (end === -1) {
      problems.push(`${where}:${index + 1}: code fence is never closed`);
      break;
    }
    const marker = index > 0 ? lines[index - 1].trim() : '';
    const snippet = snippetMarker.exec(marker);
    if (snippet) {
      checkedBlocks++;
      const snippetPath = join(snippetsDirectory, snippet[1]);
      referenced.add(snippetPath);
      if (!existsSync(snippetPath)) {
        problems.push(`${where}:${index}: snippet file docs/snippets/${snippet[1]} does not exist`);
      } else {
        const expected = readFileSync(snippetPath, 'utf8').replace(/\n+$/, '').split('\n');
        const actual = lines.slice(index + 1, end);
        if (expected.join('\n') !== actual.join('\n')) {
          if (write) {
            lines.splice(index + 1, end - index - 1, ...expected);
            changed = true;
          } else {
            problems.push(`${where}:${index + 2}: block differs from docs/snippets/${snippet[1]}`);
          }
        }
      }
    } else if (!sketchMarker.test(marker) && end - index - 1 > maxUnmarkedLines) {
      problems.push(
        `${where}:${index + 1}: a ${end - index - 1}-line code block is neither a compiled snippet (<!-- snippet: path -->) nor marked <!-- sketch -->`,
      );
    }
    index = closingFence(lines, index);
  }
  if (changed) writeFileSync(file, lines.join('\n'));
}

for (const file of snippetFiles(snippetsDirectory)) {
  const path = relative(snippetsDirectory, file);
  // Shared stand-ins for "your app" are imported by snippets, not shown on their own.
  if (!referenced.has(file) && !path.startsWith('your-app/')) problems.push(`docs/snippets/${path}: not shown in any guide`);
}

if (problems.length > 0) {
  console.error(`Doc snippets: ${problems.length} problem(s)\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  console.error('Fix the snippet file (it is type-checked), then run: node scripts/check-doc-snippets.mjs --write');
  process.exit(1);
}
console.log(`Doc snippets: ${checkedBlocks} block(s) match their compiled files${write ? ' (written)' : ''}.`);
