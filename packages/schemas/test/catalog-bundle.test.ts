/**
 * The catalogs are contract files: a browser bundle of any catalog entry carries its channels and
 * schemas but no access rule (the rules live in `@switchboard/schemas/access`, for servers).
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function browserBundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@switchboard/source'],
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles.map((file) => file.text).join('\n');
}

// Messages of the catalogs' rules and of core's rule code; they survive minification.
const ruleText = ['may subscribe', 'belongs to another user', 'is not a participant', 'no access rule for', 'not signed in'];

describe('catalog bundles carry no access rules', () => {
  it.each(['progress', 'comments', 'conversations', 'sessions', 'sms'])('@switchboard/schemas/%s', async (catalog) => {
    const code = await browserBundle(`export * from '@switchboard/schemas/${catalog}';`);
    expect(code.length).toBeGreaterThan(1000);
    for (const text of ruleText) expect(code).not.toContain(text);
  });

  it('@switchboard/schemas/access holds them, for the server', async () => {
    const code = await browserBundle(`export * from '@switchboard/schemas/access';`);
    expect(code).toContain('may subscribe');
    expect(code).toContain('belongs to another user');
  });
});
