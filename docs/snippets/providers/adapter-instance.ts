// adapter-instance.ts — passing a transport: no lazy import, and bundlers drop every other adapter.
import { createPublisherTransport } from '@switchboard/ably';
import { createPublisher, createSubscriber } from '@switchboard/core';
import { createSubscriberTransport } from '@switchboard/socket-io/subscriber';

export const publisher = createPublisher({
  adapter: createPublisherTransport({ apiKey: process.env.ABLY_API_KEY ?? '' }),
  retry: { attempts: 3 },
});

export const subscriber = createSubscriber({
  adapter: createSubscriberTransport({ url: 'https://realtime.example.com', authEndpoint: '/api/realtime' }),
});
