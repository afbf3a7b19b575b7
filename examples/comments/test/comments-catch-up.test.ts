/**
 * Issue 21 on the comments page: one reader's window is dropped (its WebSockets closed and
 * refused; the real SDK reconnects by itself) while the author adds, edits and deletes comments.
 * Back online, the window shows exactly what the others show, from the history store, without a
 * gap left for its reload fallback.
 */
import {
  callApi,
  comeBackOnline,
  connectBrowser,
  describeCatchUp,
  examplesEnvironment,
  goOffline,
  LIVE_TIMEOUT_MS,
  openAs,
  type UserPage,
} from '@switchboard-example/kit/testing';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_CHAPTER_ID } from '../src/chapters.js';

const environment = examplesEnvironment();
const path = `/chapters/${DEFAULT_CHAPTER_ID}/comments`;

describeCatchUp('comments page catch-up on %s', 'comments', ['alan'], (suite) => {
  const opened: UserPage[] = [];
  let browser: Awaited<ReturnType<typeof connectBrowser>> | undefined;
  const readerBrowser = async () => {
    browser ??= await connectBrowser(environment);
    return browser;
  };

  afterAll(async () => {
    await Promise.all(opened.map((page) => page.close()));
    await browser?.close();
  });

  const post = async (text: string) => {
    const answer = await callApi(suite.users.pages[0], 'comments', 'POST', path, { text });
    expect(answer.status).toBe(201);
    return (answer.body?.comment as { id: string } | undefined)?.id ?? '';
  };

  // The React page, and the same page in Vue and in Svelte.
  it.each(['comments', 'comments/vue', 'comments/svelte'])(
    '%s shows the comments added, edited and deleted while it was offline once it reconnects',
    async (pagePath) => {
      const [author] = suite.users.pages;
      const reader = await openAs(await readerBrowser(), suite.users.baseUrl, pagePath, 'grace', { switchableConnection: true });
      opened.push(reader);
      const tag = `${suite.provider} ${Date.now()}`;
      const toEdit = await post(`To be edited (${tag})`);
      const toDelete = await post(`To be deleted (${tag})`);
      for (const id of [toEdit, toDelete]) {
        await reader.page.locator(`#comments li[data-comment-id="${id}"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
      }

      await goOffline(reader);
      const added = await post(`Written while you were away (${tag})`);
      expect(
        (await callApi(author, 'comments', 'PATCH', `${path}/${toEdit}`, { text: `Edited while you were away (${tag})` })).status,
      ).toBe(200);
      expect((await callApi(author, 'comments', 'DELETE', `${path}/${toDelete}`)).status).toBe(200);

      await comeBackOnline(reader);
      await reader.page.locator(`#comments li[data-comment-id="${added}"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
      await reader.page
        .locator(`#comments li[data-comment-id="${toEdit}"] .comment-text`, { hasText: 'Edited while you were away' })
        .waitFor({ timeout: LIVE_TIMEOUT_MS });
      await reader.page.locator(`#comments li[data-comment-id="${toDelete}"]`).waitFor({ state: 'detached', timeout: LIVE_TIMEOUT_MS });
      expect(await reader.page.locator('body').getAttribute('data-gaps')).toBeNull();
      expect(reader.errors).toEqual([]);
    },
  );
});
