// The browser: the server names the provider; only its adapter is loaded.
import { createSubscriber } from '@switchboard/core/client';
import { getSupabaseAccessToken as getToken } from '../your-app/supabase.js';
import { progress } from './channels.js';

const realtime = createSubscriber({
  authEndpoint: '/api/realtime',
  authHeaders: async () => ({ authorization: `Bearer ${await getToken()}` }), // optional; same-origin cookies go anyway
  // Literal imports let your bundler make one lazy chunk per provider.
  adapters: {
    ably: () => import('@switchboard/ably/subscriber'),
    pusher: () => import('@switchboard/pusher/subscriber'),
    'socket-io': () => import('@switchboard/socket-io/subscriber'),
  },
});

export function followLessons(userId: string, render: (lesson: { lessonId: string; isCompleted: boolean }) => void) {
  return realtime.subscribe(progress({ userId }), 'lesson:updated', render);
}
