/** `switchboard history <channel>`: the channel's last retained messages from the Redis history store (REDIS_URL), oldest first. */
import { type AnyChannelDefinition, publisherFromEnv, RealtimeError } from '@switchboard/core';
import { redisHistory } from '@switchboard/core/history';
import { channelOf } from '../contract.js';

export async function history(
  definitions: readonly AnyChannelDefinition[],
  name: string | undefined,
  env: Record<string, string | undefined>,
  options: { limit: number; prefix: string | undefined },
) {
  const channel = channelOf(definitions, name);
  if (!env.REDIS_URL)
    throw new RealtimeError('CONFIG', 'history reads the Redis history store: set REDIS_URL (and --prefix if the app sets one)');
  // Reading only: the persistence warning concerns the app's writers, not this reader.
  const store = redisHistory({ url: env.REDIS_URL, allowVolatileRedis: true, ...(options.prefix ? { prefix: options.prefix } : {}) });
  const publisher = publisherFromEnv(env, { history: store });
  try {
    const page = await publisher.history(channel, { limit: options.limit });
    // The last `limit` messages, printed oldest first like a log.
    for (const message of [...page.messages].reverse()) console.log(JSON.stringify(message));
  } finally {
    await publisher.close();
  }
}
