/**
 * Captures one PNG per example into docs/screenshots/ (shown in the README):
 * `pnpm --filter @switchboard-example/demo screenshots [name ...]`. Each example gets a short scene
 * that makes its page worth looking at; an example without one is shot right after it got ready.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startExamples } from '@switchboard-example/kit';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@switchboard-example/kit/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { allExamples } from './index.js';

const OUTPUT = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const TIMEOUT_MS = 15_000;

interface SceneTools {
  browser: Browser;
  baseUrl: string;
  /** Opens the example as `userId` in a fresh context and waits until its subscriptions are ready. */
  open(userId: string): Promise<Page>;
}

/** What to do before the shot; returns the page to capture. */
type Scene = (tools: SceneTools) => Promise<Page>;

const scenes: Record<string, Scene> = {
  async progress({ open }) {
    const page = await open('ada');
    for (let step = 0; step < 4; step += 1) {
      const lesson = page.locator('[data-lesson][data-completed="false"]').first();
      const id = await lesson.getAttribute('data-lesson');
      await lesson.locator('button').click();
      await page.locator(`[data-lesson="${id}"][data-completed="true"]`).waitFor({ timeout: TIMEOUT_MS });
    }
    await page.locator('#events [data-event="kit:updated"]').first().waitFor({ timeout: TIMEOUT_MS });
    return page;
  },
  async comments({ open }) {
    const [ada, grace] = await Promise.all([open('ada'), open('grace')]);
    await grace.locator('#comment-form textarea').fill('Is presence per tab or per person?');
    await grace.locator('#comment-form button[type="submit"]').click();
    await ada.locator('#comments li.comment[data-author="grace"]').waitFor({ timeout: TIMEOUT_MS });
    await ada.locator('#comment-form textarea').fill('Per person: two tabs of mine still show me once in the list.');
    await ada.locator('#comment-form button[type="submit"]').click();
    await ada.locator('#comments li.comment[data-author="ada"]').waitFor({ timeout: TIMEOUT_MS });
    await ada.locator('#viewers li[data-user="grace"]').waitFor({ timeout: TIMEOUT_MS });
    return ada;
  },
  async conversations({ open }) {
    const page = await open('ada');
    await page.locator('#message-input').fill('Anything about the garden or code?');
    await page.locator('#send').click();
    await page.locator('#complete', { hasText: 'goal-' }).waitFor({ timeout: TIMEOUT_MS });
    return page;
  },
  async sessions({ open }) {
    const [ada, grace] = await Promise.all([open('ada'), open('grace')]);
    await ada.locator('#partner-status[data-partner="present"]').waitFor({ timeout: TIMEOUT_MS });
    await grace.locator('button[data-event="partner.signed_compact"]').click();
    await ada.locator('#activity li[data-from="grace"]').waitFor({ timeout: TIMEOUT_MS });
    await ada.locator('button[data-event="partner.stage_completed"]').click();
    await ada.locator('#notify-result[data-route="realtime"]').waitFor({ timeout: TIMEOUT_MS });
    await grace.goto('about:blank');
    await ada.locator('#partner-status[data-partner="away"]').waitFor({ timeout: 30_000 });
    await ada.locator('button[data-event="session.paused"]').click();
    await ada.locator('#pushes li[data-recipient="grace"]').waitFor({ timeout: TIMEOUT_MS });
    return ada;
  },
  async sms({ open }) {
    const [ada, grace] = await Promise.all([open('ada'), open('grace')]);
    const adaNumber = (await ada.locator('#my-number').textContent()) ?? '';
    await grace.locator('#to').fill(adaNumber);
    await grace.locator('#text').fill('Lunch at noon?');
    await grace.locator('#send').click();
    await ada.locator('#notifications li', { hasText: 'Lunch at noon?' }).waitFor({ timeout: TIMEOUT_MS });
    await ada.locator('#simulate').click();
    await ada.locator('#notifications li').nth(1).waitFor({ timeout: TIMEOUT_MS });
    await ada.locator('#contacts li', { hasText: 'Grace' }).click();
    await ada.locator('.message[data-direction="inbound"]', { hasText: 'Lunch at noon?' }).waitFor({ timeout: TIMEOUT_MS });
    await ada.locator('#stats', { hasText: /[1-9]\d* messages/ }).waitFor({ timeout: TIMEOUT_MS });
    return ada;
  },
};

const wanted = process.argv.slice(2);
const examples = allExamples.filter((example) => wanted.length === 0 || wanted.includes(example.name));
await mkdir(OUTPUT, { recursive: true });
const running = await startExamples({ examples, port: 0, env: { ...process.env, REALTIME_PROVIDER: '' }, log: () => {} });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  for (const example of examples) {
    const open = async (userId: string) => {
      const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${running.url}/${example.name}/?user=${userId}`);
      await page.locator('body[data-ready="true"]').waitFor({ timeout: TIMEOUT_MS });
      return page;
    };
    const scene = scenes[example.name] ?? (({ open: openAs }: SceneTools) => openAs('ada'));
    const page = await scene({ browser, baseUrl: running.url, open });
    const path = `${OUTPUT}${example.name}.png`;
    await page.screenshot({ path, fullPage: true });
    console.log(`wrote ${path}`);
  }
} finally {
  await browser.close();
  await running.close();
}
