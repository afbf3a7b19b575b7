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

/** What a browser may learn from discovery: connection parameters, never a key secret. */
const PUBLIC_CONFIG_KEYS = {
  'socket-io': ['url'],
  pusher: ['key', 'cluster', 'wsHost', 'wsPort', 'forceTLS'],
  ably: ['endpoint', 'port', 'tls'],
};

describe.skipIf(Boolean(environment.skipReason)).each(PROVIDERS)('conversations example on %s', (provider) => {
  let users: SignedInUsers<[UserPage, UserPage, UserPage]>;
  let ada: UserPage;
  let adaSecondWindow: UserPage;
  let grace: UserPage;

  beforeAll(async () => {
    users = await openUsers(environment, provider, 'conversations', ['ada', 'ada', 'grace']);
    [ada, adaSecondWindow, grace] = users.pages;
  });

  afterAll(() => users?.close());

  it('streams the backend and worker statuses, the reply and the completion to every window of the owner', async () => {
    const repliesBefore = await adaSecondWindow.page.locator('.message[data-role="assistant"]').count();
    await ada.page.locator('#message-input').fill('Anything about the garden or code?');
    await ada.page.locator('#send').click();
    await ada.page.locator('.message[data-role="user"]', { hasText: 'garden or code' }).last().waitFor({ timeout: LIVE_TIMEOUT_MS });

    for (const window of [ada, adaSecondWindow]) {
      await window.page.locator('#status-log li[data-status="complete"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
      await window.page.locator('#complete', { hasText: 'goal-' }).waitFor({ timeout: LIVE_TIMEOUT_MS });
      const statuses = await window.page
        .locator('#status-log li[data-recovered="false"]')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-status')));
      expect(statuses).toEqual(['searching', 'processing', 'complete']);
    }
    await adaSecondWindow.page.locator('.message[data-role="assistant"]').nth(repliesBefore).waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await adaSecondWindow.page.locator('.message[data-role="assistant"]').last().textContent()).toContain(
      'Community garden volunteer',
    );
    expect(await adaSecondWindow.page.locator('#complete').textContent()).toContain('3 opportunities');

    // Another user's page heard none of it, and cannot subscribe to Ada's conversation.
    expect(await grace.page.locator('#status-log li').count()).toBe(0);
    const adaConversation = await ada.page.evaluate(
      () => (window as unknown as { __example: { conversationId: string } }).__example.conversationId,
    );
    expect(await probeSubscription(grace.page, 'conversation', { conversationId: adaConversation }, 'status')).toBe('FORBIDDEN');
    expect([...ada.errors, ...adaSecondWindow.errors, ...grace.errors]).toEqual([]);
  });

  it('gives the browser only public connection parameters and a subscribe-only credential', async () => {
    const { discovery, credential } = await ada.page.evaluate(async (provider) => {
      const token = JSON.parse(sessionStorage.getItem('switchboard-demo-session') ?? '{}').token as string;
      const conversationId = (window as unknown as { __example: { conversationId: string } }).__example.conversationId;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const discovery = await (await fetch('/conversations/api/realtime', { headers })).json();
      // Ably's credential names the channels it is for; the others sign per connection.
      const credential =
        provider === 'ably'
          ? await (
              await fetch('/conversations/api/realtime', {
                method: 'POST',
                headers,
                body: JSON.stringify({ channels: [`conversation:${conversationId}`] }),
              })
            ).json()
          : undefined;
      return { discovery, credential };
    }, provider);
    expect(discovery.provider).toBe(provider);
    for (const key of Object.keys(discovery.config)) expect(PUBLIC_CONFIG_KEYS[provider]).toContain(key);
    if (provider === 'ably') {
      expect(Object.keys(credential).sort()).toEqual(['capability', 'clientId', 'keyName', 'mac', 'nonce', 'timestamp', 'ttl']);
      const capability = JSON.parse(credential.capability) as Record<string, string[]>;
      expect(Object.values(capability)).toEqual([['subscribe']]);
      expect(credential.clientId).toBe('ada');
    }
  });
});
