// Browser: load the adapter's /client-events entry, then whisper and listen — no server round trip.
import { createSubscriber, listenForWhisper, whisper } from '@switchboard/core/client';
import { document } from './whisper-contract.js';

const subscriber = createSubscriber({
  authEndpoint: '/api/realtime/auth',
  adapters: {
    'socket-io': () => import('@switchboard/socket-io/client-events'),
    pusher: () => import('@switchboard/pusher/client-events'),
    ably: () => import('@switchboard/ably/client-events'),
  },
});

export function showTyping(docId: string, render: (userId: string | undefined, typing: boolean) => void) {
  const listening = listenForWhisper(subscriber, document({ docId }), 'viewer:typing', (data, meta) => {
    // meta.userId comes from the provider or hub, never from the data.
    render(meta.userId, data.typing);
  });
  return () => listening.unsubscribe();
}

export async function typed(docId: string) {
  // Rejects with FORBIDDEN (not a member), INVALID_EVENT, VALIDATION_FAILED or RATE_LIMITED (over 10/s).
  await whisper(subscriber, document({ docId }), 'viewer:typing', { typing: true });
}
