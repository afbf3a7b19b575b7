/**
 * Shared wiring of the expo-push tests: the stand-in Expo API (its URL set in EXPO_BASE_URL before
 * expo-server-sdk is first imported), a memory hub for presence, and a small session channel.
 */
import { createNotifier, createPublisher, createSubscriber, defineChannel, type RealtimeSubscriber } from '@switchboard/core';
import { MemoryHub } from '@switchboard/core/memory';
import { objectSchema } from '@switchboard/testing/conformance';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { expoPushFallback } from '../src/index.js';
import type { ExpoPushFallbackOptions, InvalidTokenDetails } from '../src/types.js';
import { ExpoPushStandIn } from './expo-push-stand-in.js';

export const session = defineChannel('push:session:{sessionId}', {
  access: 'presence',
  events: { 'partner:waiting': objectSchema({ name: 'string' }) },
  authorize: () => true,
});

export const token = (name: string) => `ExponentPushToken[${name}]`;

/** Starts one stand-in per test file; expo-server-sdk reads EXPO_BASE_URL once, when imported. */
export function useStandIn(): ExpoPushStandIn {
  const standIn = new ExpoPushStandIn();
  beforeAll(async () => {
    process.env.EXPO_BASE_URL = await standIn.listen();
  });
  afterAll(() => standIn.close());
  return standIn;
}

const subscribers: RealtimeSubscriber[] = [];
afterEach(async () => {
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.close()));
});

/** A hub, a notifier with the Expo fallback, and a record of every invalid-token report. */
export function setUp(tokensByUser: Record<string, string[]>, overrides: Partial<ExpoPushFallbackOptions> = {}) {
  const hub = new MemoryHub();
  const invalidTokens: Array<{ token: string; details: InvalidTokenDetails }> = [];
  const tokenLookups: string[] = [];
  const fallback = expoPushFallback({
    expo: { retryMinTimeout: 1 },
    getPushTokens: (userId) => {
      tokenLookups.push(userId);
      return tokensByUser[userId] ?? [];
    },
    message: (event, data) => ({ title: 'Your partner is waiting', body: `${(data as { name: string }).name} joined ${event}` }),
    onInvalidToken: (invalid, details) => {
      invalidTokens.push({ token: invalid, details });
    },
    ...overrides,
  });
  const publisher = createPublisher({ provider: 'memory', hub, retry: false });
  const { notify } = createNotifier({ publisher, fallback });
  const join = async (userId: string, sessionId = 's1') => {
    const subscriber = createSubscriber({ provider: 'memory', hub, user: { id: userId } });
    subscribers.push(subscriber);
    await subscriber.presence(session({ sessionId })).enter({});
    return subscriber;
  };
  return { hub, fallback, publisher, notify, join, invalidTokens, tokenLookups };
}
