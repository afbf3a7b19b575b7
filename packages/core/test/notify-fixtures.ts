/** Shared by the notify tests: a presence channel, a recording fallback, and joining as a user. */
import {
  createSubscriber,
  defineChannel,
  type FallbackNotification,
  type FallbackResult,
  type NotificationFallback,
  type RealtimeSubscriber,
} from '@switchboard/core';
import type { MemoryHub } from '@switchboard/core/memory';
import { objectSchema } from '@switchboard/testing/conformance';
import { afterEach } from 'vitest';

export const session = defineChannel('notify:session:{sessionId}', {
  access: 'presence',
  events: { 'partner:message': objectSchema({ text: 'string' }) },
  authorize: () => true,
});
export const board = defineChannel('notify:board:{boardId}', {
  access: 'public',
  events: { 'partner:message': objectSchema({ text: 'string' }) },
});

/** A fallback that records what it was asked to deliver and answers as told. */
export function recordingFallback(answer: () => Promise<FallbackResult> = async () => ({ delivered: true })) {
  const delivered: FallbackNotification[] = [];
  const fallback: NotificationFallback = {
    name: 'recording',
    async deliver(notification) {
      delivered.push(notification);
      return answer();
    },
  };
  return { fallback, delivered };
}

const subscribers: RealtimeSubscriber[] = [];
afterEach(async () => {
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.close()));
});

export async function joinAs(hub: MemoryHub, userId: string, sessionId = 's1') {
  const subscriber = createSubscriber({ provider: 'memory', hub, user: { id: userId } });
  subscribers.push(subscriber);
  await subscriber.presence(session({ sessionId })).enter({});
  return subscriber;
}
