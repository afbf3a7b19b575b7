import { type CreatePublisherOptions, type CreateSubscriberOptions, createPublisher, createSubscriber } from '@switchboard/core';
import { describe, expectTypeOf, it } from 'vitest';
import '../src/index.js';
import '../src/subscriber/index.js';

describe('provider options by name', () => {
  it('types createPublisher({ provider: "ably" }) once @switchboard/ably is imported', () => {
    expectTypeOf<{ provider: 'ably'; apiKey: string; endpoint: string }>().toExtend<CreatePublisherOptions>();
    // @ts-expect-error the API key is required
    createPublisher({ provider: 'ably', endpoint: 'x' });
  });

  it('types createSubscriber({ provider: "ably" }) with token auth options', () => {
    expectTypeOf<{ provider: 'ably'; authEndpoint: string }>().toExtend<CreateSubscriberOptions>();
    // @ts-expect-error tls is a boolean
    createSubscriber({ provider: 'ably', authEndpoint: '/auth', tls: 'no' });
  });
});
