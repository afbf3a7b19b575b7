// The backend: one store shared by the publisher (it numbers every message before sending) and the
// auth endpoint (it serves history to browsers under the same rules as subscribing).

import { createAuthHandler } from '@switchboard/core/auth';
import { redisHistory } from '@switchboard/core/history';
import { authorizerFromEnv, publisherFromEnv } from '@switchboard/core/server';
import { currentUser } from '../your-app/session.js';
import { chat } from './chat.js';

const history = redisHistory({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });

// REALTIME_PROVIDER and its variables (providers.md) choose the provider; the store works with any.
export const publisher = publisherFromEnv(process.env, { history });

export const realtimeAuth = createAuthHandler({
  authenticate: currentUser,
  channels: [chat],
  authorizer: await authorizerFromEnv(), // the same variables: browsers connect where the publisher publishes
  history,
});

/** The newest 50 messages, oldest first, e.g. for server-side rendering of the room. */
export async function recentMessages(roomId: string) {
  const page = await publisher.history(chat({ roomId }), { limit: 50 });
  return page.messages.reverse().map((entry) => (entry.event === 'message' ? entry.data.text : `(edited) ${entry.data.text}`));
}
