/** Real pusher + pusher-js clients on a local emulator, with the authorizer wired in as the auth endpoint would. */
import {
  type AccessRules,
  type AnyChannelDefinition,
  type AuthUser,
  createChannelChecker,
  type PublisherCoreOptions,
  RealtimeError,
  type RealtimeSubscriber,
  type SubscriberCoreOptions,
} from '@switchboard/core';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { type PusherChannelAuthorization, type PusherPresenceRecord, pusherAuthorizer, pusherPublisher } from '../src/index.js';
import { type PusherAuthorizationRequest, type PusherSubscriberOptions, pusherSubscriber } from '../src/subscriber/index.js';

export interface PusherTestbed {
  emulator: PusherEmulator;
  publisher(options?: PublisherCoreOptions): ReturnType<typeof pusherPublisher>;
  subscriber(user: AuthUser | undefined, options?: SubscriberCoreOptions & Partial<PusherSubscriberOptions>): RealtimeSubscriber;
  /** Every authorization request subscribers made, in order. */
  authorizations: PusherAuthorizationRequest[];
  /** Subscribers created here and not closed yet. */
  open(): RealtimeSubscriber[];
  close(): Promise<void>;
}

export async function startTestbed(
  channels: readonly AnyChannelDefinition[],
  rules: AccessRules = [],
  extra: { presenceRecord?: PusherPresenceRecord } = {},
): Promise<PusherTestbed> {
  const credentials = { appId: '1', key: 'test-key', secret: 'test-secret' };
  const emulator = await startPusherEmulator(credentials);
  const authorizer = pusherAuthorizer({
    key: credentials.key,
    secret: credentials.secret,
    wsHost: emulator.host,
    wsPort: emulator.port,
    ...extra,
  });
  const checker = createChannelChecker(channels, rules);
  const subscribers = new Set<RealtimeSubscriber>();
  const authorizations: PusherAuthorizationRequest[] = [];
  return {
    emulator,
    authorizations,
    publisher: (options = {}) =>
      pusherPublisher({
        ...credentials,
        host: emulator.host,
        port: emulator.port,
        useTLS: false,
        retry: { baseDelayMs: 20 },
        ...extra,
        ...options,
      }),
    subscriber(user, options = {}) {
      const subscriber = pusherSubscriber({
        key: credentials.key,
        wsHost: emulator.host,
        wsPort: emulator.port,
        forceTLS: false,
        async authorize(request) {
          authorizations.push(request);
          if (!user) throw new RealtimeError('UNAUTHORIZED', 'not signed in', { provider: 'pusher' });
          const body: Record<string, unknown> = request.body;
          return (await authorizer.authorize({ user, body, check: (name) => checker(user, name) })) as PusherChannelAuthorization;
        },
        ...options,
      });
      subscribers.add(subscriber);
      return subscriber;
    },
    open: () => [...subscribers].filter((subscriber) => subscriber.state !== 'closed'),
    async close() {
      await Promise.all([...subscribers].map((subscriber) => subscriber.close()));
      await emulator.close();
    },
  };
}
