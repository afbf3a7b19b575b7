/**
 * Access rules stay out of browser code: a page built from the shared contract file and
 * `@switchboard/core/client` contains neither the app's rule nor core's access-rule code, while the
 * server that imports the rules file does. Built with esbuild for the browser, minified, as a
 * bundler would ship it.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/contract/${name}`, import.meta.url));

async function bundle(entry: string, platform: 'browser' | 'node' = 'browser'): Promise<string> {
  const result = await build({
    entryPoints: [fixture(entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    conditions: ['@switchboard/source'],
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles.map((file) => file.text).join('\n');
}

// Strings that survive minification: the rule's own data, and core's access-rule messages.
const ruleSource = ['course-7', '"ada"'];
const accessRuleCode = ['no access rule for', 'not signed in', 'may subscribe'];

describe('a contract file carries no access rules into the browser', () => {
  it('the page bundle has the channel but not the rule, nor core’s rule code', async () => {
    const page = await bundle('page.ts');
    expect(page).toContain('course-notes:{courseId}');
    for (const text of accessRuleCode) expect(page).not.toContain(text);
    const contract = await bundle('channels.ts');
    expect(contract).toContain('course-notes:{courseId}');
    expect(contract).not.toContain('"course-7"');
  });

  it('the server bundle of the rules file has the rule', async () => {
    const server = await bundle('realtime-rules.ts', 'node');
    for (const text of ruleSource) expect(server).toContain(text);
  });

  it('a rule declared in the shared definition (deprecated `authorize`) ships to every browser', async () => {
    const legacy = await bundle('legacy-channels.ts');
    expect(legacy).toContain('course-7');
  });
});
