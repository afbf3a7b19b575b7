/**
 * Issue 21 on the inbox page: one window of a user is dropped (its WebSockets closed and refused;
 * the real SDK reconnects by itself) while an SMS arrives for them. Back online, the window shows
 * the notification and the message from the history store, with no gap left for its reload
 * fallback; a new window lists the recent notifications from history on open.
 */
import { callApi, comeBackOnline, describeCatchUp, goOffline, LIVE_TIMEOUT_MS } from '@switchboard-example/kit/testing';
import { expect, it } from 'vitest';
import { contactIdOf, OUTSIDE_NUMBER } from '../src/phone-book.js';

describeCatchUp('sms page catch-up on %s', 'sms', ['grace'], (suite) => {
  const { provider } = suite;

  it('shows the SMS that arrived while it was offline once it reconnects', async () => {
    const [stable] = suite.users.pages;
    const warmUp = `Before the drop (${provider} ${Date.now()})`;
    // A first message creates the contact, so the window opened next follows its conversation from
    // the start (a conversation that appears later is subscribed on the fly, which on Ably depends
    // on the known first-token gap described in examples/README.md).
    expect((await callApi(stable, 'sms', 'POST', '/simulate-inbound', { text: warmUp })).status).toBe(200);
    await stable.page.locator('#notifications li', { hasText: warmUp }).waitFor({ timeout: LIVE_TIMEOUT_MS });
    const dropped = await suite.users.openAs('grace', { switchableConnection: true });
    await dropped.page.locator(`#contacts li[data-contact="${contactIdOf(OUTSIDE_NUMBER)}"]`).click({ timeout: LIVE_TIMEOUT_MS });
    await dropped.page.locator('.message[data-direction="inbound"]', { hasText: warmUp }).waitFor({ timeout: LIVE_TIMEOUT_MS });

    await goOffline(dropped);
    const text = `While you were away (${provider} ${Date.now()})`;
    expect((await callApi(stable, 'sms', 'POST', '/simulate-inbound', { text })).status).toBe(200);
    await stable.page.locator('#notifications li', { hasText: text }).waitFor({ timeout: LIVE_TIMEOUT_MS });

    await comeBackOnline(dropped);
    await dropped.page.locator('#notifications li[data-recovered="true"]', { hasText: text }).waitFor({ timeout: LIVE_TIMEOUT_MS });
    await dropped.page.locator(`#contacts li[data-contact="${contactIdOf(OUTSIDE_NUMBER)}"]`).click({ timeout: LIVE_TIMEOUT_MS });
    await dropped.page.locator('.message[data-direction="inbound"]', { hasText: text }).waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await dropped.page.locator('body').getAttribute('data-gaps')).toBeNull();
    expect([...dropped.errors, ...stable.errors]).toEqual([]);
  });

  it('lists the recent notifications from history when a window opens', async () => {
    const fresh = await suite.users.openAs('grace');
    await fresh.page
      .locator('#notifications li[data-recovered="true"]', { hasText: 'While you were away' })
      .first()
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(fresh.errors).toEqual([]);
  });
});
