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

/** The id of the first (or last) lesson the page shows as not completed. */
async function openLesson(user: UserPage, which: 'first' | 'last'): Promise<string> {
  const lessons = user.page.locator('[data-lesson][data-completed="false"]');
  const lesson = which === 'first' ? lessons.first() : lessons.last();
  return (await lesson.getAttribute('data-lesson')) as string;
}

describe.skipIf(Boolean(environment.skipReason)).each(PROVIDERS)('progress example on %s', (provider) => {
  let users: SignedInUsers<[UserPage, UserPage, UserPage]>;
  let ada: UserPage;
  let adaSecondWindow: UserPage;
  let grace: UserPage;

  beforeAll(async () => {
    users = await openUsers(environment, provider, 'progress', ['ada', 'ada', 'grace']);
    [ada, adaSecondWindow, grace] = users.pages;
  });

  afterAll(() => users?.close());

  it("moves the learner's bars in every window of theirs when the CMS hooks publish, and shows another learner nothing", async () => {
    const lessonId = await openLesson(ada, 'first');
    const kitBefore = await adaSecondWindow.page.locator('#kit-progress').getAttribute('data-percent');
    await ada.page.locator(`[data-lesson="${lessonId}"] button`).click();

    for (const window of [ada, adaSecondWindow]) {
      await window.page.locator(`[data-lesson="${lessonId}"][data-completed="true"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
      await window.page.locator('#events [data-event="kit:updated"]').first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    }
    expect(await adaSecondWindow.page.locator('#kit-progress').getAttribute('data-percent')).not.toBe(kitBefore);
    expect(await adaSecondWindow.page.locator('#events [data-event^="level:"]').count()).toBeGreaterThan(0);

    // Grace's own update arrives, so her subscription is live; nothing of Ada's ever did.
    const graceLesson = await openLesson(grace, 'last');
    await grace.page.locator(`[data-lesson="${graceLesson}"] button`).click();
    await grace.page.locator(`[data-lesson="${graceLesson}"][data-completed="true"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await grace.page.locator(`[data-lesson="${lessonId}"]`).getAttribute('data-completed')).toBe(
      lessonId === graceLesson ? 'true' : 'false',
    );
    const graceEvents = await grace.page.locator('#events li').allTextContents();
    expect(graceEvents.length).toBeGreaterThan(0);
    const graceLessonTitle = await grace.page.locator(`[data-lesson="${graceLesson}"] .title`).textContent();
    expect(graceEvents.every((line) => !line.includes('lesson') || line.includes(graceLessonTitle ?? '?'))).toBe(true);
    expect(await ada.page.locator(`[data-lesson="${graceLesson}"]`).getAttribute('data-completed')).toBe(
      graceLesson === lessonId ? 'true' : 'false',
    );
    expect([...ada.errors, ...adaSecondWindow.errors, ...grace.errors]).toEqual([]);
  });

  it("refuses another learner's progress channel to the browser", async () => {
    expect(await probeSubscription(grace.page, 'progress', { userId: 'ada' }, 'kit:updated')).toBe('FORBIDDEN');
    expect(await probeSubscription(grace.page, 'progress', { userId: 'grace' }, 'kit:updated')).toBe('allowed');
  });
});
