/**
 * Issue 21 on the chat page: recent statuses from the history store on open, and a forced drop of
 * one window of the owner (its WebSockets closed and refused; the real SDK reconnects by itself)
 * while the other window asks a question. Back online, the dropped window shows the question's
 * status from history and the worker's reply (from history when the worker shares the store,
 * otherwise from the refetch the reconnect triggers).
 */
import {
  CATCH_UP_PROVIDERS,
  examplesEnvironment,
  LIVE_TIMEOUT_MS,
  openUsers,
  type SignedInUsers,
  type UserPage,
} from '@switchboard-example/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const environment = examplesEnvironment();
const RECONNECT_TIMEOUT_MS = 40_000;

describe.skipIf(Boolean(environment.skipReason)).each(CATCH_UP_PROVIDERS)('conversations page catch-up on %s', (provider) => {
  let users: SignedInUsers<[UserPage]>;
  let asker: UserPage;

  beforeAll(async () => {
    users = await openUsers(environment, provider, 'conversations', ['alan']);
    [asker] = users.pages;
  });

  afterAll(() => users?.close());

  it('shows the status and the reply sent while it was offline once it reconnects', async () => {
    const dropped = await users.openAs('alan', { switchableConnection: true });
    const repliesBefore = await dropped.page.locator('.message[data-role="assistant"]').count();
    await dropped.connection?.drop();
    await dropped.page.locator('#kit-connection:not([data-state="connected"])').waitFor({ timeout: LIVE_TIMEOUT_MS });

    await asker.page.locator('#message-input').fill('Any running or pottery?');
    await asker.page.locator('#send').click();
    await asker.page.locator('#complete', { hasText: 'goal-' }).waitFor({ timeout: LIVE_TIMEOUT_MS });

    dropped.connection?.restore();
    await dropped.page.locator('#kit-connection[data-state="connected"]').waitFor({ timeout: RECONNECT_TIMEOUT_MS });
    await dropped.page
      .locator('#status-log li[data-status="searching"][data-recovered="true"]')
      .last()
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    await dropped.page.locator('.message[data-role="assistant"]').nth(repliesBefore).waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await dropped.page.locator('.message[data-role="assistant"]').last().textContent()).toContain('Weekend running club');
    expect(dropped.errors).toEqual([]);
  });

  it("replays the conversation's recent statuses from history when a window opens", async () => {
    const fresh = await users.openAs('alan');
    // The backend's status; the worker's are in history only when it shares the store (REDIS_URL).
    await fresh.page
      .locator('#status-log li[data-status="searching"][data-recovered="true"]')
      .first()
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(fresh.errors).toEqual([]);
  });
});
