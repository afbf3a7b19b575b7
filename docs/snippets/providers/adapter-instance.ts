// adapter-instance.ts — each adapter's own constructor: no lazy import, and bundlers drop every other adapter.
import { ablyPublisher } from '@switchboard/ably';
import { socketIoSubscriber } from '@switchboard/socket-io/subscriber';

export const publisher = ablyPublisher({ apiKey: process.env.ABLY_API_KEY ?? '', retry: { attempts: 3 } });

export const subscriber = socketIoSubscriber({ url: 'https://realtime.example.com', authEndpoint: '/api/realtime' });
