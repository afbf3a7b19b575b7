/**
 * Ably: TokenRequests from the real endpoint are checked by the emulator like the service does. A
 * client that edits one (wider capability, other channel, other clientId, longer ttl), signs its
 * own, replays one, or uses a token beyond its capability, identity or lifetime is refused.
 */
import { createHmac } from 'node:crypto';
import type { AblyTokenRequest } from '@switchboard/ably';
import { Collector, quietPeriod } from '@switchboard/testing';
import Ably from 'ably';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialOf, withAuthServer } from './support/auth-server.js';
import { inbox, room, unique } from './support/channels.js';
import { ABLY_KEY_NAME, startAbly } from './support/providers.js';
import { bearer } from './support/users.js';

const suite = withAuthServer(startAbly);
const clients: Ably.Realtime[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

const tokenRequestFor = (userId: string, channels: string[]) =>
  suite.server.postJson(bearer(userId), { channels }).then((response) => credentialOf<AblyTokenRequest>(response));

/** Exchanges a TokenRequest at the emulator, as the SDK does: the TokenDetails, or Ably's error. */
async function exchange(tokenRequest: unknown, keyName = ABLY_KEY_NAME) {
  const response = await fetch(`http://${suite.backend.emulator.host}:${suite.backend.emulator.port}/keys/${keyName}/requestToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(tokenRequest),
  });
  const body = (await response.json()) as { token: string; capability: string; clientId?: string } & { error?: { code: number } };
  return { status: response.status, body };
}

const sdkOptions = () => ({
  endpoint: suite.backend.host.endpoint,
  port: suite.backend.host.port,
  tls: false,
  useBinaryProtocol: false,
  logLevel: 0,
  disconnectedRetryTimeout: 300,
});

/** A raw Ably Realtime client authenticating with exactly `token` (a TokenRequest or a token string). */
function realtime(token: unknown, extra: Partial<Ably.ClientOptions> = {}): Ably.Realtime {
  const client = new Ably.Realtime({
    ...sdkOptions(),
    transports: ['web_socket'],
    authCallback: (_params, callback) => callback(null, token as Ably.TokenRequest),
    ...extra,
  });
  clients.push(client);
  return client;
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { code?: number }) => error?.code ?? -1,
  );

/** Re-signs nothing: the fields an attacker edits while keeping the endpoint's MAC. */
const edits: Array<[string, (request: AblyTokenRequest, victim: string) => AblyTokenRequest]> = [
  ['a capability widened to everything', (request) => ({ ...request, capability: '{"*":["*"]}' })],
  [
    'publish added to the capability',
    (request) => ({ ...request, capability: request.capability.replace('"subscribe"', '"publish","subscribe"') }),
  ],
  [
    'the victim’s channel swapped in',
    (request, victim) => ({ ...request, capability: JSON.stringify({ [inbox({ userId: victim }).name]: ['subscribe'] }) }),
  ],
  ['the victim’s clientId', (request, victim) => ({ ...request, clientId: victim })],
  ['a longer ttl', (request) => ({ ...request, ttl: 86_400_000 })],
];

describe('ably: edited, self-signed and replayed TokenRequests are refused by the server', () => {
  it('the endpoint’s TokenRequest is exchanged for a token with exactly its capability (control)', async () => {
    const alice = unique('alice');
    const own = inbox({ userId: alice }).name;
    const { status, body } = await exchange(await tokenRequestFor(alice, [own]));
    expect(status).toBe(200);
    expect(JSON.parse(body.capability)).toEqual({ [own]: ['subscribe'] });
    expect(body.clientId).toBe(alice);
  });

  it.each(edits)('a TokenRequest with %s fails its MAC check (40101)', async (_name, edit) => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const { status, body } = await exchange(edit(await tokenRequestFor(alice, [inbox({ userId: alice }).name]), bob));
    expect(status).toBe(401);
    expect(body.error?.code).toBe(40101);
  });

  it('a TokenRequest signed with a guessed key is refused (40101)', async () => {
    const alice = unique('alice');
    const request = await tokenRequestFor(alice, [inbox({ userId: alice }).name]);
    const capability = JSON.stringify({ '*': ['*'] });
    const text = [request.keyName, request.ttl, capability, request.clientId, request.timestamp, request.nonce, ''].join('\n');
    const mac = createHmac('sha256', 'guessed-secret').update(text).digest('base64');
    const { status, body } = await exchange({ ...request, capability, mac });
    expect(status).toBe(401);
    expect(body.error?.code).toBe(40101);
    expect((await exchange({ ...request, keyName: 'secapp.otherkey' }, 'secapp.otherkey')).body.error?.code).toBe(40101);
  });

  it('a TokenRequest replayed a second time is refused (40105)', async () => {
    const alice = unique('alice');
    const request = await tokenRequestFor(alice, [inbox({ userId: alice }).name]);
    expect((await exchange(request)).status).toBe(200);
    const replay = await exchange(request);
    expect(replay.status).toBe(401);
    expect(replay.body.error?.code).toBe(40105);
  });
});

describe('ably: a token is limited to its channels, its rights, its clientId and its lifetime', () => {
  it('user A’s token cannot attach user B’s channel; its own channel works (control)', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const client = realtime(await tokenRequestFor(alice, [inbox({ userId: alice }).name]));
    await client.channels.get(inbox({ userId: alice }).name).attach();
    expect(await codeOf(client.channels.get(inbox({ userId: bob }).name).attach())).toBe(40160);
  });

  it('a subscriber’s token cannot publish, over the socket or REST, on its own channel or another', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const ownName = inbox({ userId: alice }).name;
    const watcher = realtime(await tokenRequestFor(alice, [ownName]));
    const arrived = new Collector<unknown>();
    await watcher.channels.get(ownName).subscribe((message) => arrived.push(message));
    const client = realtime(await tokenRequestFor(alice, [ownName]));
    expect(await codeOf(client.channels.get(ownName).publish('note', { text: 'forged', n: 1 }))).toBe(40160);
    const { body } = await exchange(await tokenRequestFor(alice, [ownName]));
    const rest = new Ably.Rest({ ...sdkOptions(), token: body.token });
    expect(await codeOf(rest.channels.get(ownName).publish('note', { text: 'forged', n: 2 }))).toBe(40160);
    expect(await codeOf(rest.channels.get(inbox({ userId: bob }).name).publish('note', { text: 'forged', n: 3 }))).toBe(40160);
    await quietPeriod(300);
    expect(arrived.items).toEqual([]);
  });

  it('presence identity is the token’s clientId: entering as another user is refused', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const lobbyRef = room({ room: unique('lobby') });
    const lobby = lobbyRef.name;
    const client = realtime(await tokenRequestFor(alice, [lobby]));
    const channel = client.channels.get(lobby);
    await channel.attach();
    expect(await codeOf(channel.presence.enterClient(bob, { name: 'Bob' }))).toBeGreaterThan(0);
    await channel.presence.enter({ name: 'Bob' });
    const members = await suite.backend.publisher.presence(lobbyRef).members();
    expect(members.map((member) => member.userId)).toEqual([alice]);
    const impostor = realtime(await tokenRequestFor(alice, [lobby]), { clientId: bob });
    const failed = await new Promise<number | undefined>((resolve) => {
      impostor.connection.once('connected', () => resolve(undefined));
      impostor.connection.once('failed', (change) => resolve(change.reason?.code));
    });
    expect(failed).toBeGreaterThan(0);
  });

  it('expired and tampered tokens are refused', async () => {
    const alice = unique('alice');
    const ownName = inbox({ userId: alice }).name;
    const { body } = await exchange(await tokenRequestFor(alice, [ownName]));
    /** The server’s answer to a presence read (subscribe right) with `token`, bypassing the SDK’s token renewal. */
    const readWith = async (token: string) => {
      const response = await fetch(
        `http://${suite.backend.emulator.host}:${suite.backend.emulator.port}/channels/${encodeURIComponent(ownName)}/presence`,
        {
          headers: { authorization: `Bearer ${Buffer.from(token).toString('base64')}` },
        },
      );
      return response.ok ? 200 : ((await response.json()) as { error: { code: number } }).error.code;
    };
    expect(await readWith(body.token)).toBe(200);
    expect(await readWith(`${body.token.slice(0, -2)}xx`)).toBe(40140);
    const live = realtime(body.token);
    await live.channels.get(ownName).attach();
    suite.backend.emulator.expireToken(alice);
    expect(await readWith(body.token)).toBe(40142);
    // The live connection is cut too, and a fresh connection with the expired token is refused.
    await new Promise<void>((resolve) => live.connection.once('disconnected', () => resolve()));
    const late = realtime(body.token);
    const refused = await new Promise<number | undefined>((resolve) => {
      late.connection.once('connected', () => resolve(undefined));
      late.connection.on((change) => {
        if (change.reason) resolve(change.reason.code);
      });
    });
    expect(refused).toBeGreaterThan(0);
  });
});
