/**
 * `pnpm demo --emulators` (issue 22): the operator control on the index page switches every example
 * from Socket.IO to Pusher to Ably while progress, two comments, conversations and SMS windows stay
 * open. Each window keeps receiving what is published — right after a switch, while it moves, and
 * after, the conversations worker process included — with no reload, and says which provider it is on. Runs its own demo process (the shared one of
 * each provider runs `--single-emulator`) in the shared browser.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@switchboard/testing';
import { callApi, connectBrowser, examplesEnvironment, openAs, type UserPage } from '@switchboard-example/kit/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const environment = examplesEnvironment();
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const OPERATOR_TOKEN = `live-switch-${process.pid}`;
/** A move includes connecting to the new provider and re-subscribing; generous on a loaded machine. */
const MOVE_TIMEOUT_MS = 45_000;
const LIVE_TIMEOUT_MS = 20_000;

interface Received {
  event: string;
  id: string;
  provider: string | undefined;
}

/** Records, inside the progress page, every message of the learner's channel with the provider that delivered it. */
function recordProgress(user: UserPage, userId: string): Promise<void> {
  return user.page.evaluate(async (userId) => {
    interface Example {
      realtime: {
        subscribe(
          channel: unknown,
          event: string,
          handler: (data: unknown, meta: { id: string; provider?: string }) => void,
        ): { ready: Promise<void> };
      };
      progress(params: { userId: string }): unknown;
    }
    const example = (window as unknown as { __example: Example }).__example;
    const received: Received[] = [];
    (window as unknown as { __received: Received[] }).__received = received;
    const events = ['lesson:created', 'lesson:updated', 'kit:updated', 'level:created', 'level:updated'];
    await Promise.all(
      events.map(
        (event) =>
          example.realtime.subscribe(example.progress({ userId }), event, (_data, meta) =>
            received.push({ event, id: meta.id, provider: meta.provider }),
          ).ready,
      ),
    );
  }, userId);
}

function received(page: Page): Promise<Received[]> {
  return page.evaluate(() => (window as unknown as { __received: Received[] }).__received);
}

describe.skipIf(Boolean(environment.skipReason))('pnpm demo --emulators: live provider switch from the index page', () => {
  let demo: ChildProcess | undefined;
  let url: string;
  let browser: Browser;
  let operator: Page;
  let progress: UserPage;
  let adaComments: UserPage;
  let graceComments: UserPage;
  let conversations: UserPage;
  /** The SMS page has its own auth endpoint (it lists `providerAnnouncements` itself). */
  let sms: UserPage;
  let output = '';

  beforeAll(async () => {
    demo = spawn(`${repositoryRoot}node_modules/.bin/tsx`, ['--conditions=@switchboard/source', 'scripts/demo.ts', '--emulators'], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        PORT: '0',
        REALTIME_PROVIDER: 'socket-io',
        DEMO_OPERATOR_TOKEN: OPERATOR_TOKEN,
        // Short, so the test sees the window close and the worker publish to the new provider alone.
        DEMO_MIGRATION_WINDOW_MS: '8000',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    demo.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    url = await waitFor(
      () => /Ready: (http:\/\/\S+?)\/?\s/.exec(output)?.[1],
      90_000,
      `the Ready line of pnpm demo --emulators\n${output}`,
    );
    browser = await connectBrowser(environment);
    [progress, adaComments, graceComments, conversations, sms] = await Promise.all([
      openAs(browser, url, 'progress', 'ada'),
      openAs(browser, url, 'comments', 'ada'),
      openAs(browser, url, 'comments', 'grace'),
      openAs(browser, url, 'conversations', 'alan'),
      openAs(browser, url, 'sms', 'grace'),
    ]);
    await recordProgress(progress, 'ada');
    // A reload would lose this marker: the windows must keep it through every switch.
    for (const window of [progress, adaComments, graceComments, conversations, sms]) {
      await window.page.evaluate(() => {
        (window as unknown as { __marker: string }).__marker = 'opened-once';
      });
    }
    operator = await (await browser.newContext()).newPage();
    await operator.goto(`${url}/?operator=${OPERATOR_TOKEN}`);
  }, 150_000);

  afterAll(async () => {
    await Promise.all([progress, adaComments, graceComments, conversations, sms].map((window) => window?.close()));
    await operator?.context().close();
    await browser?.close();
    if (demo && demo.exitCode === null && demo.signalCode === null) {
      const exited = new Promise((resolve) => demo?.once('exit', resolve));
      demo.kill('SIGTERM');
      await exited;
    }
  });

  it('prints the operator link and refuses a switch without the token', async () => {
    expect(output).toContain(`Operator control (switches the provider live): ${url}/?operator=${OPERATOR_TOKEN}`);
    expect(output).toContain('Socket.IO (live switch');
    const refused = await fetch(`${url}/operator/provider`, { method: 'POST', body: JSON.stringify({ provider: 'ably' }) });
    expect(refused.status).toBe(401);
    const unknown = await fetch(`${url}/operator/provider`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      body: JSON.stringify({ provider: 'carrier-pigeon' }),
    });
    expect(unknown.status).toBe(400);
    expect(await (await fetch(`${url}/operator/provider`)).json()).toMatchObject({ provider: 'socket-io' });
  });

  it('moves open windows socket-io → pusher → ably with every message delivered and no reload', async () => {
    const windows = [progress, adaComments, graceComments, conversations, sms];
    const lessonId = (await progress.page.locator('[data-lesson]').first().getAttribute('data-lesson')) as string;
    const posted: string[] = [];
    let completed = (await progress.page.locator(`[data-lesson="${lessonId}"]`).getAttribute('data-completed')) === 'true';
    const deliveredBy: string[] = [];

    /** Ada posts a comment; both comments windows show it. */
    const comment = async (label: string) => {
      const text = `${label} ${Date.now()}`;
      posted.push(text);
      const answer = await callApi(adaComments, 'comments', 'POST', `/chapters/realtime-basics/comments`, { text });
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    };
    /** Toggles the lesson; the progress window shows it and records which provider delivered it. */
    const toggleLesson = async () => {
      const before = (await received(progress.page)).length;
      completed = !completed;
      const answer = await callApi(progress, 'progress', 'POST', `/lessons/${lessonId}/${completed ? 'complete' : 'reopen'}`);
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
      await progress.page.locator(`[data-lesson="${lessonId}"][data-completed="${completed}"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
      await waitFor(async () => (await received(progress.page)).length > before, LIVE_TIMEOUT_MS, 'the recorder to see the lesson');
      deliveredBy.push(...(await received(progress.page)).slice(before).map((message) => String(message.provider)));
    };
    /** Alan asks the assistant; the worker process publishes the reply, which his window shows. */
    const askAssistant = async (label: string) => {
      const replies = conversations.page.locator('.message[data-role="assistant"]');
      const before = await replies.count();
      await conversations.page.locator('#message-input').fill(`Anything about the garden? (${label})`);
      await conversations.page.locator('#send').click();
      await replies.nth(before).waitFor({ timeout: LIVE_TIMEOUT_MS });
    };
    /** Once the migration window is closed, only the new provider gets messages. */
    const migrationClosed = () =>
      waitFor(
        async () => !('migration' in ((await (await fetch(`${url}/operator/provider`)).json()) as object)),
        30_000,
        'the migration window to close',
      );
    const showsAllComments = async () => {
      for (const window of [adaComments, graceComments]) {
        for (const text of posted) {
          await window.page.locator('#comments li.comment[data-author="ada"]', { hasText: text }).waitFor({ timeout: LIVE_TIMEOUT_MS });
        }
      }
    };

    await comment('before any switch');
    await toggleLesson();
    await showsAllComments();
    await askAssistant('on socket-io');
    expect(deliveredBy.at(-1)).toBe('socket-io');

    for (const provider of ['pusher', 'ably']) {
      // The operator control on the index page.
      await operator.locator('#operator-provider').selectOption(provider);
      await operator.locator('#operator button[type="submit"]').click();
      await operator.locator(`#operator[data-provider="${provider}"]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
      expect(await operator.locator('#kit-provider').textContent()).toContain(provider === 'ably' ? 'Ably' : 'Pusher');

      // Published while the windows are moving: the migration window sends it to both providers.
      await comment(`while moving to ${provider}`);
      for (const window of windows) {
        await window.page.locator(`#kit-provider[data-provider="${provider}"]`).waitFor({ timeout: MOVE_TIMEOUT_MS });
      }
      // Published after the move.
      await comment(`after moving to ${provider}`);
      await showsAllComments();
      await toggleLesson();
      // Until the migration window closes the old provider still gets every message too (and may win
      // the race while the old connection drains); after it, only the new one delivers — the
      // conversations worker, another process, included.
      await migrationClosed();
      await toggleLesson();
      expect(deliveredBy.at(-1)).toBe(provider);
      await askAssistant(`on ${provider}`);
    }

    for (const window of windows) {
      expect(await window.page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe('opened-once');
      const changes = await window.page.evaluate(
        () => (window as unknown as { __providerChanges?: Array<{ from: string; to: string; error?: unknown }> }).__providerChanges ?? [],
      );
      expect(changes.map((change) => `${change.from}→${change.to}${change.error ? ' failed' : ''}`)).toEqual([
        'socket-io→pusher',
        'pusher→ably',
      ]);
      expect(window.errors).toEqual([]);
    }
    // Every comment exactly once in each window, and every progress message handed over once.
    for (const window of [adaComments, graceComments]) {
      for (const text of posted) {
        expect(await window.page.locator('#comments li.comment', { hasText: text }).count()).toBe(1);
      }
    }
    const ids = (await received(progress.page)).map((message) => message.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await fetch(`${url}/progress/api/realtime`).then((response) => response.json())) as unknown).toMatchObject({
      provider: 'ably',
      switchable: true,
    });
  }, 300_000);
});
