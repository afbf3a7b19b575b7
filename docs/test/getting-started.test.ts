/**
 * docs/getting-started.md runs as written, as a new user would run it: every package the install
 * step names is packed (`pnpm pack`, from a fresh build when dist is missing or older than src), a
 * fresh npm project runs the guide's install commands (the @switchboard/* names replaced by their
 * tarballs; everything else from the npm registry), gets the guide's files, bundles the page and
 * starts the server with the guide's commands, and headless Chromium receives the order the guide's
 * POST route publishes. Then step 6: `@switchboard/testing` installed and `npx switchboard-emulators`
 * started as the guide says, the same server restarts with only the variables it printed, on Pusher
 * and then on Ably, and the page receives again. The React page follows on all three. npm install
 * runs once per test run; the time from `npm init` to the first received message is printed. The
 * installed packages' source maps and a source-mapped stack trace must land on files the tarballs ship.
 *
 * Needs /usr/bin/chromium and the npm registry; outside CI a missing Chromium skips, saying so.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '@switchboard/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const guidePath = join(root, 'docs/getting-started.md');
const snippets = join(root, 'docs/snippets/getting-started');
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const PNPM = ['-y', 'pnpm@10.34.8'];
const SEEN_TIMEOUT_MS = 20_000;

function skipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM_PATH} is missing (apt-get install -y chromium); CI=true needs it`);
  return `${CHROMIUM_PATH} is missing (apt-get install -y chromium)`;
}
const skip = skipReason();
if (skip) console.warn(`[docs] getting-started test skipped: ${skip}`);

/** The shell lines of the first ```sh block under the heading that starts with `heading`. */
function shellBlock(markdown: string, heading: string): string[] {
  const section = markdown.slice(markdown.indexOf(`\n## ${heading}`));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`getting-started.md: no sh block under "## ${heading}"`);
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** The shell lines of the first ```sh block after the paragraph starting with `marker`. */
function shellBlockAfter(markdown: string, marker: string): string[] {
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`getting-started.md: no "${marker}"`);
  return shellBlock(`\n## ${markdown.slice(at)}`, '');
}

/** The body of the ```html block: public/index.html. */
function indexHtml(markdown: string): string {
  const block = /```html\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (!block) throw new Error('getting-started.md: no html block (public/index.html)');
  return block;
}

/** Newest modification time under `directory`, skipping nothing but missing directories. */
function newest(directory: string): number {
  if (!existsSync(directory)) return 0;
  let latest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** Packs `@switchboard/<name>` (building it first when dist is missing or older than src); returns the tarball. */
async function pack(name: string, destination: string): Promise<string> {
  const directory = join(root, 'packages', name);
  if (!existsSync(join(directory, 'package.json'))) throw new Error(`The guide installs @switchboard/${name}, which is not in packages/`);
  if (newest(join(directory, 'dist')) < newest(join(directory, 'src'))) {
    await run('npx', [...PNPM, 'build'], { cwd: directory, maxBuffer: 1 << 24 });
  }
  const before = new Set(readdirSync(destination));
  await run('npx', [...PNPM, 'pack', '--pack-destination', destination], { cwd: directory, maxBuffer: 1 << 24 });
  const created = readdirSync(destination).find((file) => !before.has(file) && file.endsWith('.tgz'));
  if (!created) throw new Error(`pnpm pack wrote no tarball for @switchboard/${name}`);
  return join(destination, created);
}

/** What a new user's shell has: no workspace, no pnpm settings, no Switchboard variables. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|NODE_OPTIONS$|NODE_ENV$|VITEST|REALTIME_|PUSHER_|ABLY_|SOCKET_IO_|REDIS_URL$|PORT$)/.test(name)) continue;
    env[name] = value;
  }
  if (process.env.npm_config_registry) env.npm_config_registry = process.env.npm_config_registry;
  return { ...env, ...extra };
}

async function sh(line: string, cwd: string): Promise<void> {
  try {
    await run('sh', ['-c', line], { cwd, env: cleanEnv(), maxBuffer: 1 << 26 });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`\`${line}\` failed:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  }
}

/** A command of the guide running in its own process group. */
interface RunningProcess {
  output(): string;
  stop(): Promise<void>;
}

/** Starts `command` with `sh -c` in `cwd`, resolved once its output satisfies `ready`. */
async function startProcess(
  command: string,
  cwd: string,
  env: Record<string, string>,
  ready: (output: string) => boolean,
): Promise<RunningProcess> {
  const child: ChildProcess = spawn('sh', ['-c', command], { cwd, env: cleanEnv(env), detached: true });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, name);
    } catch {}
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signal('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))]);
    if (child.exitCode === null && child.signalCode === null) signal('SIGKILL');
  };
  await new Promise<void>((started, fail) => {
    const timer = setTimeout(() => fail(new Error(`\`${command}\` was not ready within 60 s:\n${output}`)), 60_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready(output)) {
        clearTimeout(timer);
        started();
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`\`${command}\` exited with ${code}:\n${output}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { output: () => output, stop };
}

/** The guide's server command, on a free PORT, resolved once it says where it listens. */
async function startServer(command: string, cwd: string, env: Record<string, string>): Promise<RunningProcess & { base: string }> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  return { base, ...(await startProcess(command, cwd, { ...env, PORT: String(port) }, (output) => output.includes(base))) };
}

/** The `export NAME=value` blocks `switchboard-emulators` printed, by their REALTIME_PROVIDER. */
function exportBlocks(output: string): Map<string, Record<string, string>> {
  const blocks = new Map<string, Record<string, string>>();
  for (const block of output.split(/\n\s*\n/)) {
    const variables = Object.fromEntries([...block.matchAll(/^export (\w+)=(\S*)$/gm)].map((match) => [match[1], match[2]]));
    if (variables.REALTIME_PROVIDER) blocks.set(variables.REALTIME_PROVIDER, variables as Record<string, string>);
  }
  return blocks;
}

describe.skipIf(skip !== undefined)('getting-started.md, followed line by line from the packed packages', () => {
  const guide = readFileSync(guidePath, 'utf8');
  const installLines = shellBlock(guide, '1. Install');
  const [bundleCommand, serverCommand] = shellBlock(guide, '5. Run it');
  const reactLines = shellBlockAfter(guide, 'For the React page');
  let work: string;
  let app: string;
  let browser: Browser;
  const emulatorLines = shellBlockAfter(guide, 'No account yet?');
  let emulators: RunningProcess | undefined;
  let emulatorEnv = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'switchboard-getting-started-'));
    app = join(work, 'app');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([browser?.close(), emulators?.stop()]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Step 5's environment (none: the hub), then step 6's: a block `switchboard-emulators` printed. */
  function step(provider: 'socket-io' | 'pusher' | 'ably'): { provider: string; env: Record<string, string> } {
    if (provider === 'socket-io') return { provider, env: {} };
    const env = emulatorEnv.get(provider);
    if (!env) throw new Error(`switchboard-emulators printed no ${provider} block:\n${emulators?.output() ?? '(not started)'}`);
    return { provider, env };
  }

  /**
   * Starts the server on each step's provider in turn, opens the page as user 42, waits for `subscribed` on the
   * page, ships `orderId` through the guide's route and waits for `shipped(orderId)` on the page.
   */
  async function receivesOn(
    steps: ReadonlyArray<{ provider: string; env: Record<string, string> }>,
    variant: string,
    firstOrder: number,
    expected: { subscribed: string; shipped: (orderId: string) => string },
    onFirst?: () => void,
  ): Promise<void> {
    let order = firstOrder;
    for (const { provider, env } of steps) {
      const orderId = `A-${order++}`;
      const server = await startServer(serverCommand as string, app, env);
      const context = await browser.newContext();
      try {
        const discovery = (await (await fetch(`${server.base}/api/realtime`)).json()) as { provider: string };
        expect(discovery.provider).toBe(provider);
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        await page.goto(`${server.base}/?user=42&order=${orderId}`);
        const orders = page.locator('#orders');
        const text = async () => `${(await orders.textContent()) ?? ''} ${problems.join(' ')}`;
        await expect.poll(text, { timeout: SEEN_TIMEOUT_MS, message: `${variant} on ${provider}` }).toContain(expected.subscribed);
        expect(await page.locator('#connection').textContent()).toBe('connected');
        const shipped = await fetch(`${server.base}/api/orders/${orderId}/shipped`, { method: 'POST', headers: { 'x-demo-user': '42' } });
        expect(shipped.status).toBe(204);
        await expect.poll(text, { timeout: SEEN_TIMEOUT_MS, message: `${variant} on ${provider}` }).toContain(expected.shipped(orderId));
        expect(problems).toEqual([]);
        if (order === firstOrder + 1) onFirst?.();
      } catch (error) {
        throw new Error(`${variant} on ${provider}: ${(error as Error).message}\nserver output:\n${server.output()}`);
      } finally {
        await context.close();
        await server.stop();
      }
    }
  }

  /** The guide's commands with the @switchboard/* names replaced by their tarballs (packed once, here). */
  const tarballs = new Map<string, string>();
  async function packNamed(lines: readonly string[]): Promise<void> {
    const packs = join(work, 'packs');
    await mkdir(packs, { recursive: true });
    for (const line of lines) {
      for (const name of line.match(/@switchboard\/[a-z-]+/g) ?? []) {
        if (!tarballs.has(name)) tarballs.set(name, await pack(name.slice('@switchboard/'.length), packs));
      }
    }
  }
  async function runWithTarballs(lines: readonly string[]): Promise<void> {
    await packNamed(lines);
    for (const line of lines)
      await sh(
        line.replace(/@switchboard\/[a-z-]+/g, (name) => tarballs.get(name) ?? name),
        app,
      );
  }

  it('installs, bundles, starts and delivers on the embedded hub, then on Pusher and Ably by environment only', async () => {
    expect(installLines.join(' ')).toContain('@switchboard/core');
    // Packing is publishing: done before the clock starts, as the registry would have it.
    await packNamed([...installLines, ...emulatorLines, ...reactLines]);

    await mkdir(app);
    const started = performance.now();
    await runWithTarballs(installLines);
    const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as { type?: string };
    expect(manifest.type).toBe('module');
    // The files the guide shows for the plain page (the React page comes after).
    const files = [...guide.matchAll(/<!-- snippet: getting-started\/(\S+\.ts) -->/g)].map((match) => match[1] as string);
    expect(files.sort()).toEqual(['browser.ts', 'contract.ts', 'rules.ts', 'server.ts', 'session.ts']);
    for (const file of files) await copyFile(join(snippets, file), join(app, file));
    await mkdir(join(app, 'public'));
    await copyFile(join(snippets, 'index.html'), join(app, 'public/index.html'));
    expect(await readFile(join(app, 'public/index.html'), 'utf8')).toBe(indexHtml(guide));
    await sh(bundleCommand as string, app);

    const plain = { subscribed: 'Listening to the orders of user 42', shipped: (orderId: string) => `Order ${orderId} is shipped` };
    await receivesOn([step('socket-io')], 'browser.ts', 1001, plain, () => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`[docs] getting-started: ${seconds} s from \`npm init\` to the first message received in the browser (socket-io hub)`);
    });

    // Step 6: the emulators command as the guide runs it (on free ports: the machine may hold the fixed ones).
    const [command, ...installs] = [...emulatorLines].reverse();
    expect(command).toBe('npx switchboard-emulators');
    await runWithTarballs(installs.reverse());
    emulators = await startProcess(command as string, app, { SWITCHBOARD_PUSHER_PORT: '0', SWITCHBOARD_ABLY_PORT: '0' }, (output) =>
      output.includes('Ready.'),
    );
    emulatorEnv = exportBlocks(emulators.output());
    await receivesOn([step('pusher'), step('ably')], 'browser.ts', 1002, plain);
  }, 600_000);

  it('stack traces from the installed packages point at sources the tarballs ship', async () => {
    const installed = join(app, 'node_modules/@switchboard');
    expect(existsSync(join(installed, 'core')), 'the first test installs the app').toBe(true);
    // Every source map of every installed package names files inside that package, as the tarball put them there.
    let maps = 0;
    for (const name of readdirSync(installed)) {
      for (const entry of readdirSync(join(installed, name, 'dist'), { withFileTypes: true, recursive: true })) {
        if (!entry.name.endsWith('.map')) continue;
        maps++;
        const mapPath = join(entry.parentPath, entry.name);
        const map = JSON.parse(readFileSync(mapPath, 'utf8')) as { sources: string[]; sourceRoot?: string };
        for (const source of map.sources) {
          const target = resolve(dirname(mapPath), map.sourceRoot ?? '', source);
          expect(existsSync(target) && target.startsWith(join(installed, name, 'src')), `${mapPath}: ${source}`).toBe(true);
        }
      }
    }
    expect(maps).toBeGreaterThan(0);
    // And a real stack: an error thrown inside core, run with source maps, names a file that exists in node_modules.
    const failed = await run(
      'node',
      [
        '--enable-source-maps',
        '--input-type=module',
        '-e',
        "(await import('@switchboard/core/server')).providerFromEnv({ REALTIME_PROVIDER: 'nope' })",
      ],
      { cwd: app, env: cleanEnv() },
    ).then(
      () => undefined,
      (error: { stderr?: string }) => error.stderr ?? '',
    );
    const frame = /at (?:Module\.)?providerFromEnv \((?:file:\/\/)?([^)]+\.ts):\d+:\d+\)/.exec(failed ?? '');
    expect(frame?.[1], `no source-mapped frame in:\n${failed}`).toContain('/node_modules/@switchboard/core/src/');
    expect(existsSync(frame?.[1] ?? '')).toBe(true);
  }, 60_000);

  it('the guide’s server refuses a malformed variable at startup, naming it, before it answers anything', async () => {
    expect(existsSync(join(app, 'node_modules/@switchboard/core')), 'the first test installs the app').toBe(true);
    const malformed: Array<[Record<string, string>, string]> = [
      [{ SOCKET_IO_SECRET: 'short' }, 'SOCKET_IO_SECRET'],
      [{ REALTIME_PROVIDER: 'ably', ABLY_API_KEY: 'bad' }, 'ABLY_API_KEY'],
    ];
    for (const [env, variable] of malformed) {
      const refused = await startServer(serverCommand as string, app, env).then(
        async (server) => {
          await server.stop();
          return 'it listened';
        },
        (error: Error) => error.message,
      );
      expect(refused).toMatch(/exited with [1-9]/);
      expect(refused).toContain(`RealtimeError: ${variable}`);
    }
  }, 120_000);

  it('runs the React page the same way (installed after the plain one)', async () => {
    expect(emulators, 'the first test installs the app and starts the emulators').toBeDefined();
    await copyFile(join(snippets, 'order-status.tsx'), join(app, 'order-status.tsx'));
    await runWithTarballs(reactLines);
    await receivesOn([step('socket-io'), step('pusher'), step('ably')], 'order-status.tsx', 1004, {
      subscribed: 'is placed',
      shipped: (orderId) => `Order ${orderId} is shipped`,
    });
  }, 600_000);
});
