/**
 * Issue 21 on the chat page: recent statuses from the history store on open, and a forced drop of
 * one window of the owner (its WebSockets closed and refused; the real SDK reconnects by itself)
 * while the other window asks a question. Back online, the dropped window shows the question's
 * status from history and the worker's reply (from history when the worker shares the store,
 * otherwise from the refetch the reconnect triggers).
 */
import { comeBackOnline, describeCatchUp, goOffline, LIVE_TIMEOUT_MS } from '@switchboard-example/kit/testing';
import { expect, it } from 'vitest';

describeCatchUp('conversations page catch-up on %s', 'conversations', ['alan'], (suite) => {
  it('shows the status and the reply sent while it was offline once it reconnects', async () => {
    const [asker] = suite.users.pages;
    const dropped = await suite.users.openAs('alan', { switchableConnection: true });
    const repliesBefore = await dropped.page.locator('.message[data-role="assistant"]').count();
    await goOffline(dropped);

    await asker.page.locator('#message-input').fill('Any running or pottery?');
    await asker.page.locator('#send').click();
    await asker.page.locator('#complete', { hasText: 'goal-' }).waitFor({ timeout: LIVE_TIMEOUT_MS });

    await comeBackOnline(dropped);
    await dropped.page
      .locator('#status-log li[data-status="searching"][data-recovered="true"]')
      .last()
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    await dropped.page.locator('.message[data-role="assistant"]').nth(repliesBefore).waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await dropped.page.locator('.message[data-role="assistant"]').last().textContent()).toContain('Weekend running club');
    expect(dropped.errors).toEqual([]);
  });

  it("replays the conversation's recent statuses from history when a window opens", async () => {
    const fresh = await suite.users.openAs('alan');
    // The backend's status; the worker's are in history only when it shares the store (REDIS_URL).
    await fresh.page
      .locator('#status-log li[data-status="searching"][data-recovered="true"]')
      .first()
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(fresh.errors).toEqual([]);
  });
});
