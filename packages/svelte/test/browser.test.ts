// @vitest-environment node
import { fileURLToPath } from 'node:url';
import { socketIoPublisher } from '@switchboard/socket-io';
import { describe, expect, it } from 'vitest';
import { bundlePage, skipWithoutChromium, useBrowserHarness } from '../../../fixtures/bindings/browser-harness.js';
import { scoreboard } from '../../../fixtures/bindings/scoreboard-channel.js';
import { svelteEsbuildPlugin } from '../../../scripts/svelte-compile.mjs';

const skip = skipWithoutChromium('svelte');

/** Bundles the test page (its .svelte component compiled by svelte/compiler), Svelte's runtime, the bindings and socket.io-client for the browser. */
const bundle = () =>
  bundlePage(new URL('./browser/scoreboard-page.ts', import.meta.url), {
    alias: { '@switchboard/svelte': fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [svelteEsbuildPlugin()],
  });

describe.skipIf(skip)('in a real browser (headless Chromium, Socket.IO hub)', () => {
  const harness = useBrowserHarness(bundle);

  it('updates a component when the server publishes', async () => {
    const { page, errors } = await harness().open();
    const score = page.locator('#score');
    await score.and(page.locator('[data-status="subscribed"]')).waitFor({ timeout: 20_000 });
    await score.and(page.locator('[data-connection="connected"]')).waitFor({ timeout: 20_000 });
    expect(await score.textContent()).toBe('no score yet');

    const publisher = socketIoPublisher({ hub: harness().hub });
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
