// A publisher whose messages survive its own crash: a Redis outbox in front of the provider.
// The outbox's Redis must write an append-only file (appendonly yes); the outbox checks at start.

import { redisOutbox } from '@switchboard/core/outbox';
import { createPublisher } from '@switchboard/core/server';
import { progress } from '@switchboard/schemas/progress';
import { smsConversation } from '@switchboard/schemas/sms';

export const publisher = createPublisher({
  provider: 'memory', // or 'socket-io' | 'pusher' | 'ably' with their options
  outbox: redisOutbox({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', channels: [progress, smsConversation] }),
});
