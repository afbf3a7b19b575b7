import { createPublisher, createSubscriber } from '@switchboard/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createHub, type SocketIoPublisherOptions } from '../src/index.js';
import type { SocketIoSubscriberOptions } from '../src/subscriber/index.js';
import { testChannels } from './catalog.js';

describe('provider name typing', () => {
  it('types the socket-io options in createPublisher and createSubscriber', () => {
    const hub = createHub({ channels: testChannels, secret: 'x'.repeat(32) });
    createPublisher({ provider: 'socket-io', hub });
    createPublisher({ provider: 'socket-io', url: 'https://hub.example', secret: 'x'.repeat(32) });
    createPublisher({ provider: 'socket-io', redisUrl: 'redis://127.0.0.1:6379', validate: false });
    // @ts-expect-error the HTTP publisher needs the secret
    createPublisher({ provider: 'socket-io', url: 'https://hub.example' });
    createSubscriber({ provider: 'socket-io', url: 'https://hub.example', authEndpoint: '/api/realtime/auth' });
    createSubscriber({ provider: 'socket-io', url: 'https://hub.example', token: async () => 'token' });
    // @ts-expect-error the subscriber needs the hub url
    createSubscriber({ provider: 'socket-io', token: 'token' });
    expectTypeOf<SocketIoSubscriberOptions['token']>().toEqualTypeOf<string | (() => string | Promise<string>) | undefined>();
    expectTypeOf<{ redisUrl: string }>().toMatchTypeOf<SocketIoPublisherOptions>();
  });
});
