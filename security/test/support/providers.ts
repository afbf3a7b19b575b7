/**
 * The three real backends, each with the authorizer the auth endpoint uses for it and a server-side
 * publisher: a Socket.IO hub, the Pusher emulator and the Ably emulator, all on 127.0.0.1 port 0.
 */

import { ablyAuthorizer, ablyPublisher } from '@switchboard/ably';
import type { ProviderAuthorizer, ProviderName, RealtimePublisher } from '@switchboard/core';
import { pusherAuthorizer, pusherPublisher } from '@switchboard/pusher';
import { createHub, type Hub, socketIoAuthorizer, socketIoPublisher } from '@switchboard/socket-io';
import { type AblyEmulator, startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { channels } from './channels.js';

export const HUB_SECRET = 'security-suite-hub-secret-0123456789';
export const PUSHER_APP = { appId: '1', key: 'security-key', secret: 'security-pusher-secret' };
export const ABLY_KEY_NAME = 'secapp.seckey';
export const ABLY_API_KEY = `${ABLY_KEY_NAME}:security-ably-secret`;

export interface Backend {
  provider: ProviderName;
  authorizer: ProviderAuthorizer;
  publisher: RealtimePublisher;
  close(): Promise<void>;
}

export interface SocketIoBackend extends Backend {
  hub: Hub;
}

export interface PusherBackend extends Backend {
  emulator: PusherEmulator;
}

export interface AblyBackend extends Backend {
  emulator: AblyEmulator;
  host: { endpoint: string; port: number; tls: false };
}

export async function startSocketIo(): Promise<SocketIoBackend> {
  const hub = createHub({ channels, secret: HUB_SECRET, host: '127.0.0.1', port: 0, presenceGraceMs: 100 });
  await hub.listen();
  const publisher = socketIoPublisher({ hub });
  return {
    provider: 'socket-io',
    hub,
    authorizer: socketIoAuthorizer({ secret: HUB_SECRET, url: hub.url }),
    publisher,
    async close() {
      await publisher.close();
      await hub.close();
    },
  };
}

export async function startPusher(): Promise<PusherBackend> {
  const emulator = await startPusherEmulator(PUSHER_APP);
  const publisher = pusherPublisher({ ...PUSHER_APP, host: emulator.host, port: emulator.port, useTLS: false });
  return {
    provider: 'pusher',
    emulator,
    authorizer: pusherAuthorizer({
      key: PUSHER_APP.key,
      secret: PUSHER_APP.secret,
      wsHost: emulator.host,
      wsPort: emulator.port,
      forceTLS: false,
    }),
    publisher,
    async close() {
      await publisher.close();
      await emulator.close();
    },
  };
}

export async function startAbly(): Promise<AblyBackend> {
  const emulator = await startAblyEmulator({ keys: [ABLY_API_KEY], presenceGraceMs: 300 });
  const host = { endpoint: emulator.host, port: emulator.port, tls: false as const };
  const publisher = ablyPublisher({ apiKey: ABLY_API_KEY, ...host });
  return {
    provider: 'ably',
    emulator,
    host,
    authorizer: ablyAuthorizer({ apiKey: ABLY_API_KEY, ...host }),
    publisher,
    async close() {
      await publisher.close();
      await emulator.close();
    },
  };
}
