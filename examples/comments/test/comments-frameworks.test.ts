import {
  examplesEnvironment,
  LIVE_TIMEOUT_MS,
  openUsers,
  PROVIDERS,
  type SignedInUsers,
  type UserPage,
} from '@switchboard-example/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const environment = examplesEnvironment();

// The same chapter page written with @switchboard/vue (/comments/vue/) and @switchboard/svelte
// (/comments/svelte/), behind the one comments backend: Ada reads in Vue, Grace in Svelte, Alan in React.
describe.skipIf(Boolean(environment.skipReason)).each(PROVIDERS)('comments example in Vue and Svelte on %s', (provider) => {
  let vueUsers: SignedInUsers<[UserPage]>;
  let svelteUsers: SignedInUsers<[UserPage]>;
  let ada: UserPage;
  let grace: UserPage;

  beforeAll(async () => {
    vueUsers = await openUsers(environment, provider, 'comments/vue', ['ada']);
    svelteUsers = await openUsers(environment, provider, 'comments/svelte', ['grace']);
    [ada] = vueUsers.pages;
    [grace] = svelteUsers.pages;
  });

  afterAll(async () => {
    await vueUsers?.close();
    await svelteUsers?.close();
  });

  it('renders each framework, and lists both readers in both windows (presence)', async () => {
    expect(await ada.page.locator('#comments').locator('..').textContent()).toContain('· Vue');
    expect(await grace.page.locator('#comments').locator('..').textContent()).toContain('· Svelte');
    for (const window of [ada, grace]) {
      for (const userId of ['ada', 'grace']) {
        await window.page.locator(`#viewers li[data-user="${userId}"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
      }
    }
    expect(await grace.page.locator('#viewers li[data-user="grace"]').textContent()).toContain('(you)');
    expect(await ada.page.locator('#live-state').getAttribute('data-state')).toBe('connected');
  });

  it('shows a new, an edited and a deleted comment live across the two frameworks', async () => {
    const text = `Vue to Svelte (${provider} ${Date.now()})`;
    await ada.page.locator('#comment-form textarea').fill(text);
    await ada.page.locator('#comment-form button[type="submit"]').click();
    const onGrace = grace.page.locator('#comments li.comment[data-author="ada"]', { hasText: text });
    await onGrace.waitFor({ timeout: LIVE_TIMEOUT_MS });
    const commentId = (await onGrace.getAttribute('data-comment-id')) as string;
    await ada.page.locator(`#comments li[data-comment-id="${commentId}"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await ada.page.locator('#comments li.comment', { hasText: text }).count()).toBe(1);
    expect(await grace.page.locator(`#comments li[data-comment-id="${commentId}"] button`).count()).toBe(0);

    const adaComment = ada.page.locator(`#comments li[data-comment-id="${commentId}"]`);
    await adaComment.locator('[data-action="edit"]').click();
    await adaComment.locator('textarea').fill(`${text} Edited in Vue.`);
    await adaComment.locator('[data-action="save"]').click();
    await grace.page
      .locator(`#comments li[data-comment-id="${commentId}"] .comment-text`, { hasText: 'Edited in Vue.' })
      .waitFor({ timeout: LIVE_TIMEOUT_MS });

    const reply = `Svelte to Vue (${provider} ${Date.now()})`;
    await grace.page.locator('#comment-form textarea').fill(reply);
    await grace.page.locator('#comment-form button[type="submit"]').click();
    await ada.page.locator('#comments li.comment[data-author="grace"]', { hasText: reply }).waitFor({ timeout: LIVE_TIMEOUT_MS });

    await adaComment.locator('[data-action="delete"]').click();
    await grace.page.locator(`#comments li[data-comment-id="${commentId}"]`).waitFor({ state: 'detached', timeout: LIVE_TIMEOUT_MS });
    expect([...ada.errors, ...grace.errors]).toEqual([]);
  });

  it("shows '… is typing' across the two frameworks while one writes, and clears it when they stop", async () => {
    const graceBox = grace.page.locator('#comment-form textarea');
    await graceBox.fill('Svelte is typing');
    await ada.page.locator('#typing[data-users="grace"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await ada.page.locator('#typing').textContent()).toBe('Grace Hopper is typing…');
    // The writer never sees themselves typing.
    expect(await grace.page.locator('#typing').getAttribute('data-users')).toBe('');
    await ada.page.locator('#comment-form textarea').fill('Vue too');
    await grace.page.locator('#typing[data-users="ada"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await grace.page.locator('#typing').textContent()).toBe('Ada Lovelace is typing…');
    await graceBox.fill('');
    await ada.page.locator('#comment-form textarea').fill('');
    await ada.page.locator('#typing[data-users=""]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    await grace.page.locator('#typing[data-users=""]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect([...ada.errors, ...grace.errors]).toEqual([]);
  });

  it("drops a reader from the other's list when their page closes (presence leaves with the component)", async () => {
    const alan = await svelteUsers.openAs('alan');
    await ada.page.locator('#viewers li[data-user="alan"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    await alan.close();
    await ada.page.locator('#viewers li[data-user="alan"]').waitFor({ state: 'detached', timeout: 30_000 });
  });
});
