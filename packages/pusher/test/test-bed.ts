/**
 * The Pusher adapter's conformance test bed: raw transports on a local Pusher emulator (the real
 * `pusher` and `pusher-js` SDKs), channel credentials from the authorizer under the catalog's rules,
 * and the emulator's fault hooks.
 */
import { createChannelChecker, RealtimeError } from '@switchboard/core';
import { waitFor } from '@switchboard/testing';
import type { ConformanceCatalog, ConformanceTestBed } from '@switchboard/testing/conformance';
import { startPusherEmulator } from '@switchboard/testing/pusher-emulator';
// The /client-events entry: the base subscriber plus client events, so the client-event cases run too.
import { createSubscriberTransport } from '../src/client-events/index.js';
import { createPublisherTransport, memoryPresenceRecord, type PusherChannelAuthorization, pusherAuthorizer } from '../src/index.js';

export async function startPusherTestBed({ channels, rules }: ConformanceCatalog): Promise<ConformanceTestBed> {
  const credentials = { appId: '1', key: 'test-key', secret: 'test-secret' };
  const emulator = await startPusherEmulator(credentials);
  // Shared by the authorizer and the publisher, as one server process shares it: Pusher's HTTP API
  // lists presence members by id only, and the publisher fills their data from this record.
  const presenceRecord = memoryPresenceRecord();
  const authorizer = pusherAuthorizer({
    presenceRecord,
    key: credentials.key,
    secret: credentials.secret,
    wsHost: emulator.host,
    wsPort: emulator.port,
    forceTLS: false,
  });
  const checker = createChannelChecker(channels, rules);
  const subscribers: Array<ReturnType<typeof createSubscriberTransport>> = [];
  return {
    publisherTransport: () =>
      createPublisherTransport({ ...credentials, host: emulator.host, port: emulator.port, useTLS: false, presenceRecord }),
    subscriberTransport(user) {
      const transport = createSubscriberTransport({
        key: credentials.key,
        wsHost: emulator.host,
        wsPort: emulator.port,
        forceTLS: false,
        async authorize(request) {
          if (!user) throw new RealtimeError('UNAUTHORIZED', 'not signed in', { provider: 'pusher', details: { reason: 'not signed in' } });
          const body: Record<string, unknown> = request.body;
          return (await authorizer.authorize({ user, body, check: (name) => checker(user, name) })) as PusherChannelAuthorization;
        },
      });
      subscribers.push(transport);
      return transport;
    },
    authEndpoint: { authorizer, subscriberModule: () => import('../src/subscriber/index.js') },
    async dropConnections() {
      // Pusher never recovers missed messages, so `recover: false` needs nothing more.
      const connected = subscribers.filter((transport) => transport.state() === 'connected');
      await emulator.dropAllSockets();
      await waitFor(() => connected.every((transport) => transport.state() !== 'connected'), 10_000, 'subscribers to notice the drop');
    },
    failNextPublishes: (count) => emulator.failNextHttp(count, 500),
    teardown: () => emulator.close(),
  };
}
