// frontend: one subscriber; the provider and its SDK come from the backend's answer.
import { createSubscriber } from '@switchboard/core/client';
import { conversation } from '@switchboard/schemas/conversations';
import { getSupabaseAccessToken } from '../your-app/supabase.js';

const realtime = createSubscriber({
  authEndpoint: '/api/chat/realtime',
  authHeaders: async () => ({ authorization: `Bearer ${await getSupabaseAccessToken()}` }),
  adapters: {
    ably: () => import('@switchboard/ably/subscriber'),
    'socket-io': () => import('@switchboard/socket-io/subscriber'), // the rollback path
  },
});

export function openConversation(conversationId: string, ui: { append(text: string): void; progress(text: string): void }) {
  return realtime.subscribe(
    conversation({ conversationId }),
    {
      message: (message) => ui.append(message.content),
      status: (update) => ui.progress(update.detail ?? update.status),
      complete: ({ opportunitiesCount }) => ui.progress(`Found ${opportunitiesCount} opportunities`),
    },
    { rewind: 20, onGap: () => ui.progress('Reconnected — reloading the conversation') },
  );
}
