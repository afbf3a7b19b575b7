// realtime.ts — the subscriber's options, shared by the Vue and the Svelte app: the backend's auth
// endpoint names the provider, and only that provider's adapter is loaded.
import type { CreateSubscriberOptions } from '@switchboard/core/client';

export const realtime: CreateSubscriberOptions = {
  authEndpoint: '/api/realtime',
  adapters: {
    'socket-io': () => import('@switchboard/socket-io/subscriber'),
    pusher: () => import('@switchboard/pusher/subscriber'),
    ably: () => import('@switchboard/ably/subscriber'),
  },
};
