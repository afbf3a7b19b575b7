// A channel that keeps its last 200 messages for an hour, a publisher that numbers every message in
// Redis, and the page load's "last 50 messages" read back, typed by event.
import { createPublisher, defineChannel, type StandardSchemaV1 } from '@switchboard/core';
import { redisHistory } from '@switchboard/core/history';

declare const message: StandardSchemaV1<{ text: string; author: string }>;
declare const edited: StandardSchemaV1<{ messageId: string; text: string }>;

export const chat = defineChannel('chat:room:{roomId}', {
  access: 'public',
  events: { message, edited },
  history: { maxMessages: 200, maxAgeMs: 60 * 60 * 1000 },
});

export const publisher = createPublisher({
  provider: 'memory', // or 'socket-io' | 'pusher' | 'ably' with their options
  history: redisHistory({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }),
});

/** The newest 50 messages, oldest first, as a chat shows them on open. */
export async function recentMessages(roomId: string) {
  const page = await publisher.history(chat({ roomId }), { limit: 50 });
  return page.messages.reverse().map((entry) => (entry.event === 'message' ? entry.data.text : `(edited) ${entry.data.text}`));
}

/** Everything after the last number a reader has, page by page; says what retention dropped. */
export async function catchUp(roomId: string, lastSeq: number) {
  const channel = chat({ roomId });
  let page = await publisher.history(channel, { since: lastSeq, direction: 'forwards', limit: 500 });
  // Nothing retained at all means everything up to latestSeq is gone.
  const firstKept = page.earliestSeq ?? page.latestSeq + 1;
  const lost = firstKept > lastSeq + 1 ? { from: lastSeq + 1, to: firstKept - 1 } : undefined;
  const messages = [...page.messages];
  while (page.next) {
    page = await publisher.history(channel, page.next);
    messages.push(...page.messages);
  }
  return { messages, lost };
}
