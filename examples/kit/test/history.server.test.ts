/**
 * The kit's history store: memory by default; with REDIS_URL a Redis store under a prefix of its
 * own, which a worker process shares through `publisherEnv` (`historyFromEnv`), so the server's
 * and the worker's messages are numbered in one gap-free sequence. Needs Redis at REDIS_URL
 * (default 127.0.0.1:6379): skipped outside CI when none answers, failing in CI.
 */
import { createConnection } from 'node:net';
import { defineChannel, type StandardSchemaV1 } from '@switchboard/core/client';
import { createPublisher } from '@switchboard/core/server';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createExampleHistory, HISTORY_PREFIX_VARIABLE, historyFromEnv } from '../src/index.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const text: StandardSchemaV1<{ text: string }> = {
  '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value: value as { text: string } }) },
};
const room = defineChannel('kit-history:{id}', { access: 'public', events: { text } });

function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection(Number(port || 6379), hostname);
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const redis = await redisAnswers(redisUrl);
if (!redis && process.env.CI === 'true') throw new Error(`Redis at ${redisUrl} does not answer; CI needs it`);
if (!redis) console.warn(`[examples] Redis history test skipped: nothing answers at ${redisUrl} (it runs in CI)`);

describe('the kit history store', () => {
  it('is in memory without REDIS_URL, and a worker then has none to share', () => {
    const history = createExampleHistory({});
    expect(history.label).toBe('memory');
    expect(history.env).toEqual({});
    expect(historyFromEnv(history.env)).toBeUndefined();
  });

  it.skipIf(!redis)("numbers the server's and the worker's messages in one sequence with REDIS_URL", async () => {
    const server = createExampleHistory({ REDIS_URL: redisUrl });
    expect(server.env[HISTORY_PREFIX_VARIABLE]).toMatch(/^switchboard-examples:/);
    const workerStore = historyFromEnv(server.env);
    expect(workerStore).toBeDefined();
    const backend = createPublisher({ provider: 'memory', history: server.store });
    const worker = createPublisher({ provider: 'memory', ...(workerStore ? { history: workerStore } : {}) });
    try {
      const channel = room({ id: 'shared' });
      await backend.publish(channel, 'text', { text: 'searching' });
      await worker.publish(channel, 'text', { text: 'processing' });
      await worker.publish(channel, 'text', { text: 'reply' });
      await backend.publish(channel, 'text', { text: 'next question' });
      const page = await backend.history(channel, { direction: 'forwards' });
      expect(page.messages.map((message) => [message.seq, message.data.text])).toEqual([
        [1, 'searching'],
        [2, 'processing'],
        [3, 'reply'],
        [4, 'next question'],
      ]);
    } finally {
      await backend.close();
      await worker.close();
      // The shared Redis keeps nothing of this test: every key under its own prefix goes.
      const cleanup = new Redis(redisUrl);
      const keys = await cleanup.keys(`${server.env[HISTORY_PREFIX_VARIABLE]}:*`);
      if (keys.length > 0) await cleanup.del(...keys);
      await cleanup.quit();
    }
  });
});
