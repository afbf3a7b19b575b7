// @vitest-environment node
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { socketIoPublisher } from '@switchboard/socket-io';
import { createHub, type Hub } from '@switchboard/socket-io/hub';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreboard } from './browser/scoreboard-channel.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true';
if (skip)
  console.warn(`[vue browser test] skipped: ${CHROMIUM} is missing (apt-get install -y chromium); with CI=true it runs and fails instead`);

/** Bundles the test page with Vue's runtime, the composables and socket.io-client for the browser. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser/scoreboard-page.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@switchboard/source', 'browser'],
    alias: { '@switchboard/vue': fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output');
  return output.text;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

describe.skipIf(skip)('in a real browser (headless Chromium, Socket.IO hub)', () => {
  let server: Server;
  let hub: Hub;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const script = await bundlePage();
    server = createServer((request, response) => {
      if (request.url === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><html><body><div id="root"></div><script type="module" src="/page.js"></script></body></html>');
      } else if (request.url === '/page.js') {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        response.end(script);
      }
      // Anything else is the hub's (Socket.IO and its HTTP endpoints).
    });
    hub = createHub({ channels: [scoreboard], secret: 'browser-test-secret-0123456789abcdef-0123', allowAnonymous: true });
    await hub.attach(server);
    url = await listen(server);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('updates a component when the server publishes', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    const score = page.locator('#score');
    await score.and(page.locator('[data-status="subscribed"]')).waitFor({ timeout: 20_000 });
    await score.and(page.locator('[data-connection="connected"]')).waitFor({ timeout: 20_000 });
    expect(await score.textContent()).toBe('no score yet');

    const publisher = socketIoPublisher({ hub });
    await publisher.publish(scoreboard({ matchId: 'final' }), 'score:changed', { home: 2, away: 1 });
    await page.getByText('2 – 1').waitFor({ timeout: 20_000 });
    // Another match's score never reaches this component.
    await publisher.publish(scoreboard({ matchId: 'semi' }), 'score:changed', { home: 9, away: 9 });
    await publisher.publish(scoreboard({ matchId: 'final' }), 'score:changed', { home: 3, away: 1 });
    await page.getByText('3 – 1').waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
