// fixed-provider.ts — naming the provider in code instead of asking the server.

import { createSubscriber } from '@switchboard/core/client';
import { createPublisher } from '@switchboard/core/server';
import '@switchboard/ably'; // types `provider: 'ably'` options (declaration merging)
import '@switchboard/pusher/subscriber'; // types `provider: 'pusher'` options

// Server: the adapter module is imported on the first publish.
export const publisher = createPublisher({ provider: 'ably', apiKey: process.env.ABLY_API_KEY ?? '' });

// Browser: pusher-js is loaded on the first subscribe; the auth endpoint signs private channels.
export const subscriber = createSubscriber({ provider: 'pusher', key: 'app-key', cluster: 'eu', authEndpoint: '/api/realtime' });
