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
import { DEFAULT_CHAPTER_ID } from '../src/chapters.js';

const environment = examplesEnvironment();

/** Calls the comment API from inside a signed-in page, with that page's token. */
function callApi(user: UserPage, method: string, path: string, body?: unknown): Promise<{ status: number; code: string | undefined }> {
  return user.page.evaluate(
    async ({ method, path, body }) => {
      const { token } = JSON.parse(sessionStorage.getItem('switchboard-demo-session') ?? '{}') as { token: string };
      const response = await fetch(`/comments/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer = (await response.json()) as { error?: { code?: string } };
      return { status: response.status, code: answer.error?.code };
    },
    { method, path, body },
  );
}

describe.skipIf(Boolean(environment.skipReason)).each(PROVIDERS)('comments example on %s', (provider) => {
  let users: SignedInUsers<[UserPage, UserPage]>;
  let ada: UserPage;
  let grace: UserPage;

  beforeAll(async () => {
    users = await openUsers(environment, provider, 'comments', ['ada', 'grace']);
    [ada, grace] = users.pages;
  });

  afterAll(() => users?.close());

  it("lists both readers in each window's who's-viewing list (presence)", async () => {
    for (const window of [ada, grace]) {
      for (const userId of ['ada', 'grace']) {
        await window.page.locator(`#viewers li[data-user="${userId}"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
      }
    }
    expect(await ada.page.locator('#viewers li[data-user="ada"]').textContent()).toContain('(you)');
  });

  it("shows a new, an edited and a deleted comment live in the other reader's window", async () => {
    const text = `Does presence survive a reload? (${provider} ${Date.now()})`;
    await ada.page.locator('#comment-form textarea').fill(text);
    await ada.page.locator('#comment-form button[type="submit"]').click();

    const onGrace = grace.page.locator('#comments li.comment[data-author="ada"]', { hasText: text });
    await onGrace.waitFor({ timeout: LIVE_TIMEOUT_MS });
    const commentId = (await onGrace.getAttribute('data-comment-id')) as string;
    // Ada's window applied her comment from the response and was left out of the broadcast: one copy.
    await ada.page.locator(`#comments li[data-comment-id="${commentId}"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await ada.page.locator('#comments li.comment', { hasText: text }).count()).toBe(1);
    // Only the author gets edit and delete buttons.
    expect(await grace.page.locator(`#comments li[data-comment-id="${commentId}"] button`).count()).toBe(0);

    const edited = `${text} Yes, within the grace period.`;
    const adaComment = ada.page.locator(`#comments li[data-comment-id="${commentId}"]`);
    await adaComment.locator('[data-action="edit"]').click();
    await adaComment.locator('textarea').fill(edited);
    await adaComment.locator('[data-action="save"]').click();
    await grace.page
      .locator(`#comments li[data-comment-id="${commentId}"] .comment-text`, { hasText: 'Yes, within the grace period.' })
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await grace.page.locator(`#comments li[data-comment-id="${commentId}"]`).textContent()).toContain('edited');

    await adaComment.locator('[data-action="delete"]').click();
    await grace.page.locator(`#comments li[data-comment-id="${commentId}"]`).waitFor({ state: 'detached', timeout: LIVE_TIMEOUT_MS });
    await ada.page.locator(`#comments li[data-comment-id="${commentId}"]`).waitFor({ state: 'detached', timeout: LIVE_TIMEOUT_MS });
    expect([...ada.errors, ...grace.errors]).toEqual([]);
  });

  it("refuses an empty comment and someone else's edit, and subscribes the page to the chapter's channels", async () => {
    const path = `/chapters/${DEFAULT_CHAPTER_ID}/comments`;
    expect(await callApi(grace, 'POST', path, { text: '   ' })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const alansComment = await grace.page.locator('#comments li.comment[data-author="alan"]').first().getAttribute('data-comment-id');
    expect(await callApi(grace, 'PATCH', `${path}/${alansComment}`, { text: 'Rewritten by Grace' })).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(await callApi(grace, 'DELETE', `${path}/${alansComment}`)).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await probeSubscription(grace.page, 'chapterViewers', { chapterId: DEFAULT_CHAPTER_ID }, undefined)).toBe('allowed');
  });

  it("shows '… is typing' live in the other reader's window while one writes, and clears it when they stop", async () => {
    const notice = ada.page.locator('#typing');
    await grace.page.locator('#comment-form textarea').fill('I wonder whether');
    await ada.page.locator('#typing[data-users="grace"]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await notice.textContent()).toBe('Grace Hopper is typing…');
    // The writer never sees themselves typing.
    expect(await grace.page.locator('#typing').getAttribute('data-users')).toBe('');
    await grace.page.locator('#comment-form textarea').fill('');
    await ada.page.locator('#typing[data-users=""]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect([...ada.errors, ...grace.errors]).toEqual([]);
  });
});
