// The backend: one store shared by the publisher (it numbers every message before sending) and the
// auth endpoint (it serves history to browsers under the same rules as subscribing).

import { createAuthHandler } from '@switchboard/core/auth';
import { redisHistory } from '@switchboard/core/history';
import { createPublisher } from '@switchboard/core/server';
import { socketIoAuthorizer } from '@switchboard/socket-io';
import { currentUser } from '../your-app/session.js';
import { chat } from './chat.js';

const history = redisHistory({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });

export const publisher = createPublisher({
  provider: 'memory', // or 'socket-io' | 'pusher' | 'ably' with their options
  history,
});

export const realtimeAuth = createAuthHandler({
  authenticate: currentUser,
  channels: [chat],
  authorizer: socketIoAuthorizer({ url: 'http://localhost:3000', secret: process.env.SOCKET_IO_SECRET ?? '' }),
  history,
});

/** The newest 50 messages, oldest first, e.g. for server-side rendering of the room. */
export async function recentMessages(roomId: string) {
  const page = await publisher.history(chat({ roomId }), { limit: 50 });
  return page.messages.reverse().map((entry) => (entry.event === 'message' ? entry.data.text : `(edited) ${entry.data.text}`));
}
