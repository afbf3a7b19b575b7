/**
 * Issue 21 on the sessions page: a participant's second window is dropped (its WebSockets closed
 * and refused; the real SDK reconnects by itself) while the partner acts. The participant is
 * still present through the first window, so notify publishes live; back online, the dropped
 * window shows the partner's events from the history store, marked recovered, with no gap. A new
 * window shows the partner's recent events from history on open.
 */
import { comeBackOnline, describeCatchUp, goOffline, LIVE_TIMEOUT_MS, type UserPage } from '@switchboard-example/kit/testing';
import { beforeAll, expect, it } from 'vitest';

// The grace-alan session: the other sessions tests use ada-grace.
describeCatchUp('sessions page catch-up on %s', 'sessions', ['grace', 'alan'], (suite) => {
  let grace: UserPage;
  let alan: UserPage;
  beforeAll(() => {
    [grace, alan] = suite.users.pages;
  });

  it("shows the partner's events sent while it was offline once it reconnects", async () => {
    const dropped = await suite.users.openAs('alan', { switchableConnection: true });
    await grace.page.goto(`${suite.users.baseUrl}/sessions/?user=grace&session=grace-alan`);
    await grace.page.locator('body[data-ready="true"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    await alan.page.goto(`${suite.users.baseUrl}/sessions/?user=alan&session=grace-alan`);
    await alan.page.locator('body[data-ready="true"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    await dropped.page.goto(`${suite.users.baseUrl}/sessions/?user=alan&session=grace-alan`);
    await dropped.page.locator('body[data-ready="true"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    await grace.page.locator('#partner-status[data-partner="present"]').waitFor({ timeout: LIVE_TIMEOUT_MS });

    await goOffline(dropped);
    const before = await dropped.page.locator('#activity li[data-event="agreement.proposed"]').count();
    await grace.page.locator('button[data-event="agreement.proposed"]').click();
    // Alan is still here in his first window, so the event went out live (and into history).
    await grace.page
      .locator('#notify-result[data-event="agreement.proposed"][data-route="realtime"]')
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    await alan.page.locator('#activity li[data-event="agreement.proposed"]').nth(before).waitFor({ timeout: LIVE_TIMEOUT_MS });

    await comeBackOnline(dropped);
    await dropped.page
      .locator('#activity li[data-event="agreement.proposed"][data-from="grace"][data-recovered="true"]')
      .first()
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await dropped.page.locator('body').getAttribute('data-gaps')).toBeNull();
    expect([...dropped.errors, ...grace.errors, ...alan.errors]).toEqual([]);
  });

  it("lists the partner's recent events from history when a window opens", async () => {
    const fresh = await suite.users.openAs('alan');
    await fresh.page.goto(`${suite.users.baseUrl}/sessions/?user=alan&session=grace-alan`);
    await fresh.page.locator('#activity li[data-from="grace"][data-recovered="true"]').first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(fresh.errors).toEqual([]);
  });
});
