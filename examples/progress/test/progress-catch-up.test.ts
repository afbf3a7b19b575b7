/**
 * Issue 21 on the progress page: recent events from the history store on open, and a forced drop
 * of one window (its WebSockets closed and refused, the real SDK reconnecting by itself) during
 * which the learner's other window completes a lesson. The dropped window must end up showing it,
 * from history, marked recovered, with no gap left for the page to handle.
 */
import {
  comeBackOnline,
  describeCatchUp,
  goOffline,
  LIVE_TIMEOUT_MS,
  RECONNECT_TIMEOUT_MS,
  type UserPage,
} from '@switchboard-example/kit/testing';
import { beforeAll, expect, it } from 'vitest';

// alan: the other progress tests use ada and grace on the same shared server.
describeCatchUp('progress page history on %s', 'progress', ['alan'], (suite) => {
  let other: UserPage;
  beforeAll(() => {
    [other] = suite.users.pages;
  });

  it('catches up after a forced drop: the missed events arrive from history, marked recovered, and no gap is reported', async () => {
    const dropped = await suite.users.openAs('alan', { switchableConnection: true });
    const lessonId = await dropped.page.locator('[data-lesson][data-completed="false"]').first().getAttribute('data-lesson');
    expect(lessonId).not.toBeNull();

    await goOffline(dropped);
    await other.page.locator(`[data-lesson="${lessonId}"] button`).click();
    await other.page.locator(`[data-lesson="${lessonId}"][data-completed="true"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
    // Offline, the dropped window cannot know yet.
    expect(await dropped.page.locator(`[data-lesson="${lessonId}"]`).getAttribute('data-completed')).toBe('false');

    await comeBackOnline(dropped);
    await dropped.page.locator(`[data-lesson="${lessonId}"][data-completed="true"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
    await dropped.page.locator('#events [data-event="kit:updated"][data-recovered="true"]').first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await dropped.page.locator('#kit-progress').getAttribute('data-percent')).toBe(
      await other.page.locator('#kit-progress').getAttribute('data-percent'),
    );
    // The store filled the hole: nothing was left for the page's refetch fallback.
    expect(await dropped.page.locator('body').getAttribute('data-gaps')).toBeNull();
    expect([...dropped.errors, ...other.errors]).toEqual([]);
  });

  it("shows the channel's recent events from history as soon as a window opens", async () => {
    const lessonId = await other.page.locator('[data-lesson][data-completed="false"]').first().getAttribute('data-lesson');
    await other.page.locator(`[data-lesson="${lessonId}"] button`).click();
    await other.page.locator(`[data-lesson="${lessonId}"][data-completed="true"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
    const fresh = await suite.users.openAs('alan');
    await fresh.page.locator('#events [data-event="kit:updated"][data-recovered="true"]').first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    await fresh.page.locator('#events [data-event^="lesson:"][data-recovered="true"]').first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(fresh.errors).toEqual([]);
  });

  it('reloads its records when the history store cannot be read after a drop, instead of staying stale', async () => {
    const dropped = await suite.users.openAs('alan', { switchableConnection: true });
    // History reads fail from now on (the credential requests still pass): the catch-up cannot
    // fill the hole, so the provider's gap reaches the page, which must refetch.
    await dropped.page.route('**/progress/api/realtime', async (route) => {
      if (route.request().method() === 'POST' && route.request().postData()?.includes('"history"')) {
        await route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: '{"error":{"code":"PROVIDER_UNAVAILABLE","message":"down"}}',
        });
      } else {
        await route.continue();
      }
    });
    const lessonId = await dropped.page.locator('[data-lesson][data-completed="false"]').first().getAttribute('data-lesson');
    await goOffline(dropped);
    await other.page.locator(`[data-lesson="${lessonId}"] button`).click();
    await other.page.locator(`[data-lesson="${lessonId}"][data-completed="true"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });

    dropped.connection?.restore();
    await dropped.page.locator(`[data-lesson="${lessonId}"][data-completed="true"]`).waitFor({ timeout: RECONNECT_TIMEOUT_MS });
    await expect
      .poll(async () => dropped.page.locator('#kit-progress').getAttribute('data-percent'), { timeout: LIVE_TIMEOUT_MS })
      .toBe(await other.page.locator('#kit-progress').getAttribute('data-percent'));
    if (suite.provider === 'pusher') {
      // Pusher keeps nothing: the page learned of the hole only as a gap, and refetched.
      await dropped.page.locator('body[data-refetches]').waitFor({ state: 'attached', timeout: LIVE_TIMEOUT_MS });
      expect(Number(await dropped.page.locator('body').getAttribute('data-gaps'))).toBeGreaterThan(0);
    }
  });
});
