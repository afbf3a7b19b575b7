import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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
import { DEFAULT_WEBHOOK_SECRET } from '../src/functions/inbound.js';
import { contactIdOf, USER_NUMBERS } from '../src/phone-book.js';

const environment = examplesEnvironment();
const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

function tokenOf(user: UserPage): Promise<string> {
  return user.page.evaluate(() => JSON.parse(sessionStorage.getItem('switchboard-demo-session') ?? '{}').token as string);
}

describe.skipIf(Boolean(environment.skipReason)).each(PROVIDERS)('sms example on %s', (provider) => {
  let users: SignedInUsers<[UserPage, UserPage, UserPage]>;
  let base: string;
  let ada: UserPage;
  let grace: UserPage;
  let alan: UserPage;

  beforeAll(async () => {
    users = await openUsers(environment, provider, 'sms', ['ada', 'grace', 'alan']);
    base = users.baseUrl;
    [ada, grace, alan] = users.pages;
  });

  afterAll(() => users?.close());

  it("delivers one user's SMS to the other's inbox live, gives the sender the receipts, and shows a third user nothing", async () => {
    const text = `Lunch at noon? (${provider} ${Date.now()})`;
    await grace.page.locator('#to').fill(USER_NUMBERS.ada as string);
    await grace.page.locator('#text').fill(text);
    await grace.page.locator('#send').click();

    await grace.page.locator(`#contacts li[data-contact="${contactIdOf(USER_NUMBERS.ada as string)}"]`).click({ timeout: LIVE_TIMEOUT_MS });
    await grace.page
      .locator('.message[data-direction="outbound"][data-status="delivered"]', { hasText: text })
      .waitFor({ timeout: LIVE_TIMEOUT_MS });

    await ada.page.locator('#notifications li', { hasText: text }).waitFor({ timeout: LIVE_TIMEOUT_MS });
    await ada.page.locator(`#contacts li[data-contact="${contactIdOf(USER_NUMBERS.grace as string)}"]`).click({ timeout: LIVE_TIMEOUT_MS });
    await ada.page.locator('.message[data-direction="inbound"]', { hasText: text }).waitFor({ timeout: LIVE_TIMEOUT_MS });

    expect(await alan.page.getByText(text).count()).toBe(0);
    expect(await grace.page.locator('#notifications li', { hasText: text }).count()).toBe(0);
    expect([...ada.errors, ...grace.errors, ...alan.errors]).toEqual([]);
  });

  it('delivers a simulated inbound SMS (the button, then the carrier webhook) to its owner only', async () => {
    const adaNotices = ada.page.locator('#notifications li');
    const before = await adaNotices.count();
    await ada.page.locator('#simulate').click();
    await adaNotices.nth(before).waitFor({ timeout: LIVE_TIMEOUT_MS });

    const text = `Carrier says hi (${provider} ${Date.now()})`;
    const webhook = (secret: string, to: string) =>
      fetch(`${base}/sms/api/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
        body: JSON.stringify({ from: '+12025550199', to, text }),
      });
    expect((await webhook('wrong-secret', USER_NUMBERS.grace as string)).status).toBe(401);
    expect((await webhook(DEFAULT_WEBHOOK_SECRET, '+19995550100')).status).toBe(404);
    expect((await webhook(DEFAULT_WEBHOOK_SECRET, USER_NUMBERS.grace as string)).status).toBe(200);
    await grace.page.locator('#notifications li', { hasText: text }).waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await ada.page.getByText(text).count()).toBe(0);
    expect(await alan.page.getByText(text).count()).toBe(0);
  });

  it('guards the token, publish and stats functions with the JWT, and reports the provider health', async () => {
    const token = await tokenOf(ada);
    expect((await fetch(`${base}/sms/api/stats`)).status).toBe(401);
    expect((await fetch(`${base}/sms/api/publish`, { method: 'POST', body: '{}' })).status).toBe(401);
    // With a history store the endpoint reads the (JSON) body first, since public history needs no sign-in.
    const signedOut = await fetch(`${base}/sms/api/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(signedOut.status).toBe(401);
    expect((await fetch(`${base}/sms/api/stats`, { headers: { authorization: 'Bearer not-a-jwt' } })).status).toBe(401);
    const stats = await fetch(`${base}/sms/api/stats`, { headers: { authorization: `Bearer ${token}` } });
    expect(stats.status).toBe(200);
    const body = (await stats.json()) as {
      status: string;
      server: { connectionState: string; uptime: number };
      health: { status: string; provider: string; reasons: unknown[] };
      stats: { uptimeMs: number; totals: { published: number } };
      messages: number;
    };
    expect(body.health).toMatchObject({ status: 'healthy', provider, reasons: [] });
    expect(body).toMatchObject({ status: 'healthy', server: { connectionState: 'connected' } });
    expect(body.stats.uptimeMs).toBeGreaterThan(0);
    expect(body.stats.totals.published).toBeGreaterThan(0);
    expect(body.messages).toBeGreaterThan(0);
  });

  it("refuses another user's conversation and notification channels to the browser", async () => {
    const graceContact = contactIdOf(USER_NUMBERS.grace as string);
    expect(await probeSubscription(alan.page, 'smsConversation', { userId: 'ada', contactId: graceContact }, 'message')).toBe('FORBIDDEN');
    expect(await probeSubscription(alan.page, 'smsNotifications', { userId: 'ada' }, 'sms_received')).toBe('FORBIDDEN');
    expect(await probeSubscription(alan.page, 'smsContacts', { userId: 'alan' }, 'update')).toBe('allowed');
  });

  it('sends an inbound SMS with the carrier script', async () => {
    const text = `From the script ${Date.now()}`;
    const { stdout } = await run(
      `${repositoryRoot}node_modules/.bin/tsx`,
      [
        '--conditions=@switchboard/source',
        'examples/sms/src/send-inbound.ts',
        '--to',
        USER_NUMBERS.alan as string,
        '--text',
        text,
        '--url',
        base,
      ],
      { cwd: repositoryRoot },
    );
    expect(stdout).toMatch(/^200 /);
    await alan.page.locator('#notifications li', { hasText: text }).waitFor({ timeout: LIVE_TIMEOUT_MS });
  });
});
