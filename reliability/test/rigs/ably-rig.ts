/**
 * The Ably emulator as a fault rig, driven by the real `ably` SDK: REST publishing with Ably's
 * idempotent ids, Realtime subscribers on tokens issued by the authorizer from the access rules.
 */

import { ablyAuthorizer, ablyChannelName, ablyPublisher } from '@switchboard/ably';
import { createSubscriberTransport } from '@switchboard/ably/subscriber';
import { type ChannelRef, createChannelChecker } from '@switchboard/core';
import { type AblyEmulator, startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { faultChannels, type MalformedFrameKind } from '@switchboard/testing/faults';
import { OVERSIZED_BYTES } from './malformed-payloads.js';
import type { NetworkRig, ProviderClients } from './network-rig.js';

export const ABLY_KEY = 'reliability.key:reliability-secret';

/** SDK timeouts short enough for a loaded machine's tests, long enough never to fire spuriously. */
export const ABLY_CLIENT_OPTIONS = {
  disconnectedRetryTimeout: 300,
  suspendedRetryTimeout: 1000,
  realtimeRequestTimeout: 8000,
  httpRequestTimeout: 8000,
  logLevel: 0,
};

/** Ably messages as a misbehaving publisher could put them on the channel through the REST API. */
function messageFor(kind: MalformedFrameKind): Record<string, unknown> {
  const id = `malformed-${kind}-${Math.random().toString(36).slice(2)}`;
  switch (kind) {
    case 'invalid-json':
      return { id, name: 'tick', data: '{"n": -1', encoding: 'json' };
    case 'wrong-envelope':
      return { id, data: '{"n": -1}', encoding: 'json' };
    case 'oversized':
      return { id, name: 'tick', data: JSON.stringify({ n: -1, padding: 'x'.repeat(OVERSIZED_BYTES) }), encoding: 'json' };
    case 'unknown-event':
      return { id, name: 'not-in-the-catalog', data: '{"n": -1}', encoding: 'json' };
  }
}

let identities = 0;

/** Clients of an Ably-protocol server at `host:port`, and the publisher's options by name (for other processes). */
export function ablyClients(hostName: string, port: number): ProviderClients {
  const host = { endpoint: hostName, port, tls: false as const };
  const authorizer = ablyAuthorizer({ apiKey: ABLY_KEY, ...host });
  const checker = createChannelChecker(faultChannels, []);
  return {
    publisher: (core = {}) => ablyPublisher({ apiKey: ABLY_KEY, ...host, clientOptions: ABLY_CLIENT_OPTIONS, ...core }),
    subscriberTransport() {
      const user = { id: `reliability-${++identities}` };
      return createSubscriberTransport({
        ...host,
        clientOptions: ABLY_CLIENT_OPTIONS,
        authCallback: (channels) => authorizer.authorize({ user, body: { channels }, check: (name) => checker(user, name) }),
      });
    },
    publisherConfig: () => ({ provider: 'ably', apiKey: ABLY_KEY, ...host, clientOptions: ABLY_CLIENT_OPTIONS }),
  };
}

export async function ablyRig(): Promise<NetworkRig & { emulator: AblyEmulator }> {
  const server = await startAblyEmulator({ keys: [ABLY_KEY], presenceGraceMs: 300 });
  return {
    name: 'ably (emulator)',
    emulator: server,
    ...ablyClients(server.host, server.port),
    async dropConnections() {
      server.dropAll({ recover: true });
    },
    failPublishes(status) {
      server.failNextRest(Number.MAX_SAFE_INTEGER, status);
      return () => server.failNextRest(0);
    },
    async injectMalformed(channel: ChannelRef, kind) {
      const response = await fetch(
        `http://${server.host}:${server.port}/channels/${encodeURIComponent(ablyChannelName(channel))}/messages`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(ABLY_KEY).toString('base64')}` },
          body: JSON.stringify([messageFor(kind)]),
        },
      );
      if (response.ok) return { reached: true };
      return { reached: false, note: `Ably refuses it (HTTP ${response.status})` };
    },
    teardown: () => server.close(),
  };
}
