import {
  examplesEnvironment,
  LIVE_TIMEOUT_MS,
  openUsers,
  PROVIDERS,
  probeSubscription,
  type SignedInUsers,
  type UserPage,
} from '@switchboard-example/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const environment = examplesEnvironment();

/**
 * How long a closed page may take to show as away on its partner's page: the provider's own
 * grace for a dropped connection (Ably keeps an abruptly dropped member 15 s) plus the
 * subscriber's 2 s presence grace. A page that navigates away closes cleanly, so it is far less.
 */
const AWAY_TIMEOUT_MS = 30_000;

describe.skipIf(Boolean(environment.skipReason)).each(PROVIDERS)('sessions example on %s', (provider) => {
  let users: SignedInUsers<[UserPage, UserPage]>;
  let ada: UserPage;
  let grace: UserPage;
  const pushesToGrace = () => ada.page.locator('#pushes li[data-recipient="grace"]');

  beforeAll(async () => {
    // Both land on their first session, ada-grace.
    users = await openUsers(environment, provider, 'sessions', ['ada', 'grace']);
    [ada, grace] = users.pages;
  });

  afterAll(() => users?.close());

  it('reaches a present partner in realtime, and sends no push', async () => {
    await ada.page.locator('#partner-status[data-partner="present"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    await grace.page.locator('#partner-status[data-partner="present"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    const pushesBefore = await pushesToGrace().count();

    await ada.page.locator('button[data-event="partner.stage_completed"]').click();

    await grace.page.locator('#activity li[data-event="partner.stage_completed"][data-from="ada"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    const result = ada.page.locator('#notify-result[data-event="partner.stage_completed"]');
    await result.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await result.getAttribute('data-route')).toBe('realtime');
    expect(await result.getAttribute('data-reason')).toBe('recipient present');
    expect(await pushesToGrace().count()).toBe(pushesBefore);
    expect([...ada.errors, ...grace.errors]).toEqual([]);
  });

  it('sends a push through the fallback once the partner is away, and lists it on both pages', async () => {
    await grace.page.goto('about:blank');
    await ada.page.locator('#partner-status[data-partner="away"]').waitFor({ timeout: AWAY_TIMEOUT_MS });

    await ada.page.locator('button[data-event="session.paused"]').click();

    const result = ada.page.locator('#notify-result[data-event="session.paused"]');
    await result.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await result.getAttribute('data-route')).toBe('fallback');
    expect(await result.getAttribute('data-reason')).toBe('recipient offline');
    const push = ada.page.locator('#pushes li[data-recipient="grace"][data-event="session.paused"]').first();
    await push.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await push.locator('.push-title').textContent()).toBe('Session paused');

    // Back on the page, Grace finds the notification her phone got and sees Ada there.
    await grace.close();
    grace = await users.openAs('grace');
    await grace.page
      .locator('#pushes li[data-recipient="grace"][data-event="session.paused"]')
      .first()
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    await grace.page.locator('#partner-status[data-partner="present"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect([...ada.errors, ...grace.errors]).toEqual([]);
  });

  it("refuses a session's channel to anyone but its two participants", async () => {
    expect(await probeSubscription(ada.page, 'session', { sessionId: 'grace-alan' }, 'session.paused')).toBe('FORBIDDEN');
    expect(await probeSubscription(ada.page, 'session', { sessionId: 'ada-grace' }, 'session.paused')).toBe('allowed');
  });
});
