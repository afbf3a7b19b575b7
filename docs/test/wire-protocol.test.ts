/**
 * docs/protocol.md is enough to publish from another language: the sending side here is
 * docs/snippets/protocol/plain-sender.ts (node:crypto and fetch, written from the document alone),
 * the receiving side a Switchboard subscriber on real sockets against a real hub and the Pusher and
 * Ably emulators. A receiver also refuses an envelope of a protocol version it does not read.
 */

import { ablyAuthorizer } from '@switchboard/ably';
import {
  type AuthUser,
  createChannelChecker,
  createSubscriber,
  defineChannel,
  type RealtimeError,
  type RealtimeSubscriber,
} from '@switchboard/core';
import { createHub, type Hub } from '@switchboard/socket-io';
import { Collector, quietPeriod } from '@switchboard/testing';
import { type AblyEmulator, startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Envelope,
  envelope,
  publishToAbly,
  publishToHub,
  publishToPusher,
  pusherChannelName,
  toWire,
} from '../snippets/protocol/plain-sender.js';

const board = defineChannel('board:{team}', {
  access: 'public',
  events: { posted: v.object({ text: v.string(), votes: v.number() }) },
});
const channels = [board];

const HUB_SECRET = 'protocol-test-secret-0123456789abcdef';
const PUSHER = { appId: '42', key: 'protocol-key', secret: 'protocol-secret' };
const ABLY_KEY = 'protocolapp.key1:protocol-key-secret';

let hub: Hub;
let pusher: PusherEmulator;
let ably: AblyEmulator;
let teams = 0;
// `+` and `~` exercise Pusher's name escapes.
const nextTeam = () => `core+ops~${++teams}`;

beforeAll(async () => {
  hub = createHub({ channels, secret: HUB_SECRET, host: '127.0.0.1', port: 0, allowAnonymous: true });
  [, pusher, ably] = await Promise.all([hub.listen(), startPusherEmulator(PUSHER), startAblyEmulator({ keys: [ABLY_KEY] })]);
});
afterAll(async () => {
  await Promise.all([hub?.close(), pusher?.close(), ably?.close()]);
});

type Posted = { text: string; votes: number };

/** What one subscription saw: typed data with its id, and what the subscriber refused. */
async function listen(subscriber: RealtimeSubscriber, team: string) {
  const received = new Collector<{ data: Posted; id: string }>();
  const errors = new Collector<RealtimeError>();
  subscriber.onError((error) => errors.push(error));
  await subscriber.subscribe(board({ team }), 'posted', (data, meta) => {
    // Typed by the catalog: a compile error if the schema's type were not inferred.
    const typed: Posted = { text: data.text, votes: data.votes };
    received.push({ data: typed, id: meta.id });
  }).ready;
  return { received, errors };
}

/** A version-3 envelope, as a later publisher might send it. */
const fromTheFuture = (message: Envelope): Envelope => Object.assign({}, message, { v: 3 });

/**
 * Sends a valid message (version 2), its retry, an invalid one, one of an unknown version, one in
 * version 1 (an older publisher during a rolling deploy), then a valid one again.
 */
async function exchange(
  subscriber: RealtimeSubscriber,
  team: string,
  send: (message: Envelope) => Promise<Response>,
  sendFuture: (message: Envelope) => Promise<unknown> = send,
) {
  const { received, errors } = await listen(subscriber, team);
  const first = envelope('posted', { text: 'from a plain HTTP client', votes: 3 });
  expect((await send(first)).ok).toBe(true);
  expect(await received.toHave(1)).toEqual([{ data: { text: 'from a plain HTTP client', votes: 3 }, id: first.id }]);
  // A retry is a new request with the same envelope id: delivered once.
  expect((await send(first)).ok).toBe(true);

  const invalid = envelope('posted', { text: 'votes is not a number', votes: 'many' });
  expect((await send(invalid)).ok).toBe(true);
  await errors.toHave(1);
  expect(errors.items[0]?.code).toBe('VALIDATION_FAILED');

  await sendFuture(fromTheFuture(envelope('posted', { text: 'a later protocol', votes: 1 })));
  const older = { ...envelope('posted', { text: 'from a version-1 publisher', votes: 2 }), v: 1 };
  expect((await send(older)).ok).toBe(true);
  const last = envelope('posted', { text: 'still subscribed', votes: 4 });
  expect((await send(last)).ok).toBe(true);
  await received.toHave(3);
  await quietPeriod(150);
  // The retry was dropped, version 1 was still read, and nothing of the later version reached the
  // handler: it was refused with a clear code instead.
  expect(received.items.map((item) => item.id)).toEqual([first.id, older.id, last.id]);
  expect(received.items[1]?.data).toEqual({ text: 'from a version-1 publisher', votes: 2 });
  expect(errors.items.map((error) => error.code)).toEqual(['VALIDATION_FAILED', 'UNSUPPORTED_PROTOCOL']);
  expect(errors.items[1]?.message).toMatch(/protocol version 3/);
  await subscriber.close();
}

/** `exclude` keeps a message from one connection: the other subscriber gets it, the excluded one not. */
async function excluding(open: () => RealtimeSubscriber, team: string, send: (message: Envelope) => Promise<Response>) {
  const [excluded, other] = [open(), open()];
  const seen = new Collector<string>();
  await Promise.all(
    [excluded, other].map(
      (subscriber, index) => subscriber.subscribe(board({ team }), 'posted', (data) => seen.push(`${index}:${data.text}`)).ready,
    ),
  );
  const connectionId = excluded.connectionId;
  expect(connectionId).toEqual(expect.any(String));
  expect((await send({ ...envelope('posted', { text: 'to the others', votes: 0 }), exclude: connectionId as string })).ok).toBe(true);
  expect((await send(envelope('posted', { text: 'to everyone', votes: 0 }))).ok).toBe(true);
  await seen.toHave(3);
  await quietPeriod(150);
  expect(seen.items.sort()).toEqual(['0:to everyone', '1:to everyone', '1:to the others']);
  await Promise.all([excluded.close(), other.close()]);
}

describe('publishing with nothing but docs/protocol.md', () => {
  it('Socket.IO: the hub HTTP endpoint, signed by hand, reaches a socket-io subscriber typed and validated', async () => {
    const team = nextTeam();
    const channel = board({ team }).name;
    const subscriber = createSubscriber({ provider: 'socket-io', url: hub.url, reconnectionDelayMs: 50 });
    await exchange(
      subscriber,
      team,
      (message) => publishToHub(hub.url, HUB_SECRET, [{ channel, envelope: message }]),
      // The hub refuses a version it does not read at its door (400 UNSUPPORTED_PROTOCOL); one that
      // relayed it anyway (a newer hub in the same cluster) still reaches no handler.
      async (message) => {
        const refused = await publishToHub(hub.url, HUB_SECRET, [{ channel, envelope: message }]);
        expect(refused.status).toBe(400);
        expect(await refused.json()).toMatchObject({ error: { code: 'UNSUPPORTED_PROTOCOL' } });
        hub.io?.to(channel).emit('switchboard:message', channel, toWire(message));
      },
    );
  });

  it('Socket.IO: exclude keeps a message from one connection', async () => {
    const team = nextTeam();
    const channel = board({ team }).name;
    await excluding(
      () => createSubscriber({ provider: 'socket-io', url: hub.url }),
      team,
      (message) => publishToHub(hub.url, HUB_SECRET, [{ channel, envelope: message }]),
    );
  });

  it('Socket.IO: the hub answers a bad signature with 401 and names what is wrong', async () => {
    const channel = board({ team: nextTeam() }).name;
    const refused = await publishToHub(hub.url, 'not-the-hub-secret-0123456789abcdef', [{ channel, envelope: envelope('posted', {}) }]);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Request refused: bad signature' } });
  });

  it('Pusher: POST /apps/{id}/events with a hand-made auth_signature reaches a pusher subscriber', async () => {
    const team = nextTeam();
    const channel = pusherChannelName(board({ team }).name, 'public');
    expect(channel).toBe(`board,core;pops;t${teams}`);
    const api = { ...PUSHER, baseUrl: `http://${pusher.host}:${pusher.port}` };
    const subscriber = createSubscriber({ provider: 'pusher', key: PUSHER.key, wsHost: pusher.host, wsPort: pusher.port, forceTLS: false });
    await exchange(subscriber, team, (message) => publishToPusher(api, channel, message));
  });

  it('Pusher: exclude travels as socket_id', async () => {
    const team = nextTeam();
    const api = { ...PUSHER, baseUrl: `http://${pusher.host}:${pusher.port}` };
    await excluding(
      () => createSubscriber({ provider: 'pusher', key: PUSHER.key, wsHost: pusher.host, wsPort: pusher.port, forceTLS: false }),
      team,
      (message) => publishToPusher(api, pusherChannelName(board({ team }).name, 'public'), message),
    );
  });

  const ablySubscriber = () => {
    const host = { endpoint: ably.host, port: ably.port, tls: false as const };
    const authorizer = ablyAuthorizer({ apiKey: ABLY_KEY, ...host });
    const checker = createChannelChecker(channels, []);
    const user: AuthUser = { id: 'reader' };
    return createSubscriber({
      provider: 'ably',
      ...host,
      authCallback: (names: string[]) => authorizer.authorize({ user, body: { channels: names }, check: (name) => checker(user, name) }),
    });
  };

  it('Ably: POST /channels/{name}/messages with Basic auth reaches an ably subscriber', async () => {
    const team = nextTeam();
    const api = { baseUrl: `http://${ably.host}:${ably.port}`, apiKey: ABLY_KEY };
    await exchange(ablySubscriber(), team, async (message) => {
      const response = await publishToAbly(api, board({ team }).name, message);
      expect(response.status).toBe(201);
      return response;
    });
  });

  it('Ably: exclude travels in extras.headers', async () => {
    const team = nextTeam();
    const api = { baseUrl: `http://${ably.host}:${ably.port}`, apiKey: ABLY_KEY };
    await excluding(ablySubscriber, team, (message) => publishToAbly(api, board({ team }).name, message));
  });
});
