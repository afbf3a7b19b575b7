/** The Pusher emulator as a fault rig, driven by the real `pusher` and `pusher-js` SDKs. */
import { type ChannelRef, jsonByteLength } from '@switchboard/core';
import { pusherPublisher } from '@switchboard/pusher';
import { createSubscriberTransport, pusherChannelName } from '@switchboard/pusher/subscriber';
import type { MalformedFrameKind } from '@switchboard/testing/faults';
import { md5Hex, type PusherEmulator, signRequest, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { malformedEnvelope } from './malformed-payloads.js';
import type { NetworkRig, ProviderClients } from './network-rig.js';

export const PUSHER_CREDENTIALS = { appId: '1', key: 'reliability-key', secret: 'reliability-secret' };

/** Triggers an event through the emulator's HTTP API with a hand-made body, as a misbehaving server could. */
async function triggerRaw(emulator: PusherEmulator, channel: string, name: string, data: string): Promise<number> {
  const path = `/apps/${PUSHER_CREDENTIALS.appId}/events`;
  const body = JSON.stringify({ name, channels: [channel], data });
  const params: Record<string, string> = {
    auth_key: PUSHER_CREDENTIALS.key,
    auth_timestamp: String(Math.floor(Date.now() / 1000)),
    auth_version: '1.0',
    body_md5: md5Hex(body),
  };
  params.auth_signature = signRequest(PUSHER_CREDENTIALS.secret, 'POST', path, params);
  const response = await fetch(`http://${emulator.host}:${emulator.port}${path}?${new URLSearchParams(params)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return response.status;
}

function frameFor(kind: MalformedFrameKind): { name: string; data: string } {
  const envelope = malformedEnvelope(kind);
  const data = typeof envelope === 'string' ? envelope : JSON.stringify(envelope);
  return { name: kind === 'unknown-event' ? 'not-in-the-catalog' : 'tick', data };
}

/** Clients of a Pusher-protocol server at `host:port`, and the publisher's options by name (for other processes). */
export function pusherClients(host: string, port: number): ProviderClients {
  const publisherOptions = { ...PUSHER_CREDENTIALS, host, port, useTLS: false as const };
  return {
    publisher: (core = {}) => pusherPublisher({ ...publisherOptions, ...core }),
    subscriberTransport: () => createSubscriberTransport({ key: PUSHER_CREDENTIALS.key, wsHost: host, wsPort: port, forceTLS: false }),
    publisherConfig: () => ({ provider: 'pusher', ...publisherOptions }),
  };
}

export async function pusherRig(): Promise<NetworkRig & { emulator: PusherEmulator }> {
  const server = await startPusherEmulator(PUSHER_CREDENTIALS);
  return {
    name: 'pusher (emulator)',
    emulator: server,
    ...pusherClients(server.host, server.port),
    dropConnections: () => server.dropAllSockets(),
    failPublishes(status) {
      server.failNextHttp(Number.MAX_SAFE_INTEGER, status);
      return () => server.failNextHttp(0);
    },
    async injectMalformed(channel: ChannelRef, kind) {
      const frame = frameFor(kind);
      const status = await triggerRaw(server, pusherChannelName(channel), frame.name, frame.data);
      if (status === 200) return { reached: true };
      return { reached: false, note: `Pusher refuses it (HTTP ${status}, ${jsonByteLength(frame.data)} bytes)` };
    },
    teardown: () => server.close(),
  };
}
