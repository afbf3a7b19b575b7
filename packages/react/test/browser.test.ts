// @vitest-environment node
import { fileURLToPath } from 'node:url';
import { socketIoPublisher } from '@switchboard/socket-io';
import { describe, expect, it } from 'vitest';
import { bundlePage, skipWithoutChromium, useBrowserHarness } from '../../../fixtures/bindings/browser-harness.js';
import { scoreboard } from '../../../fixtures/bindings/scoreboard-channel.js';

const skip = skipWithoutChromium('react');

/** Bundles the test page and its dependencies (React, the hooks, socket.io-client) for the browser. */
const bundle = () =>
  bundlePage(new URL('./browser/scoreboard-page.tsx', import.meta.url), {
    jsx: 'automatic',
    alias: { '@switchboard/react': fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
    define: { 'process.env.NODE_ENV': '"production"' },
  });

describe.skipIf(skip)('in a real browser (headless Chromium, Socket.IO hub)', () => {
  const harness = useBrowserHarness(bundle);

  it('updates a component when the server publishes', async () => {
    const { page, errors } = await harness().open();
    const score = page.locator('#score');
    await score.and(page.locator('[data-status="subscribed"]')).waitFor({ timeout: 20_000 });
    expect(await score.getAttribute('data-connection')).toBe('connected');
    expect(await score.textContent()).toBe('no score yet');

    const publisher = socketIoPublisher({ hub: harness().hub });
    await publisher.publish(scoreboard({ matchId: 'final' }), 'score:changed', { home: 2, away: 1 });
    await page.getByText('2 – 1').waitFor({ timeout: 20_000 });
    await publisher.publish(scoreboard({ matchId: 'final' }), 'score:changed', { home: 3, away: 1 });
    await page.getByText('3 – 1').waitFor({ timeout: 20_000 });
    // Another match's score never reaches this component.
    await publisher.publish(scoreboard({ matchId: 'semi' }), 'score:changed', { home: 9, away: 9 });
    await publisher.publish(scoreboard({ matchId: 'final' }), 'score:changed', { home: 4, away: 1 });
    await page.getByText('4 – 1').waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
