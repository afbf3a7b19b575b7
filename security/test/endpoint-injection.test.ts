/**
 * Channel names are hostile input. Every injection attempt is answered 400 by the real endpoint and
 * never widens a credential: the Ably capability JSON is inspected, and a mixed request (one legal
 * channel plus one attack) issues nothing at all.
 */
import { pusherChannelName } from '@switchboard/pusher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServer, startAuthServer } from './support/auth-server.js';
import { inbox, room, unique } from './support/channels.js';
import { type Backend, startAbly, startPusher } from './support/providers.js';
import { bearer } from './support/users.js';

const alice = unique('alice');
const bob = unique('bob');
const fullWidth = (text: string) =>
  text.replace(/[a-z0-9]/g, (character) => String.fromCodePoint((character.codePointAt(0) as number) + 0xfee0));

/** Logical names an attacker might send, each matching no definition exactly. */
const hostileLogicalNames: Array<[string, string]> = [
  ['a comma list', `secure:inbox:${alice},secure:inbox:${bob}`],
  ['a * wildcard param', 'secure:inbox:*'],
  ['a namespace wildcard', 'secure:*'],
  ['the global wildcard', '*'],
  ['a # wildcard', 'secure:inbox:#'],
  ['a private- prefix smuggled in', `private-secure:inbox:${alice}`],
  ['a presence- prefix smuggled in', 'presence-secure:room:lobby'],
  ['an Ably channel qualifier', `[?rewind=100]secure:inbox:${bob}`],
  ['an extra segment', `secure:inbox:${alice}:${bob}`],
  ['a 10 KB name', `secure:inbox:${'a'.repeat(10_240)}`],
  ['a Cyrillic look-alike letter', `secure:inbox:${alice.replace('a', '\u0430')}`],
  ['full-width look-alike letters', `secure:inbox:${fullWidth(alice)}`],
  ['full-width colons', `secure\uff1ainbox\uff1a${alice}`],
  ['a NUL byte', `secure:inbox:${alice}\u0000`],
  ['a newline and a second name', `secure:inbox:${alice}\nsecure:inbox:${bob}`],
  ['a trailing space', `secure:inbox:${alice} `],
  ['an empty name', ''],
];

/** Pusher channel names an attacker might post as channel_name. */
const hostilePusherNames: Array<[string, string]> = [
  ['a comma list of two channels', `${pusherChannelName(inbox({ userId: alice }))},${pusherChannelName(inbox({ userId: bob }))}`],
  ['a * wildcard', 'private-secure,inbox,*'],
  ['a bare wildcard', '*'],
  ['the presence prefix on a private channel', `presence-secure,inbox,${alice}`],
  ['the private prefix on a presence channel', 'private-secure,room,lobby'],
  ['a doubled private- prefix', `private-${pusherChannelName(inbox({ userId: alice }))}`],
  ['no prefix (a public name)', `secure,inbox,${alice}`],
  ['an encrypted- prefix', `private-encrypted-secure,inbox,${alice}`],
  ['a 10 KB name', `private-secure,inbox,${'a'.repeat(10_240)}`],
  ['a Cyrillic look-alike letter', `private-secure,inbox,${alice.replace('a', '\u0430')}`],
  ['an escaped NUL byte', `private-secure,inbox,${alice};u0000`],
];

let pusher: Backend;
let ably: Backend;
let server: AuthServer;

beforeAll(async () => {
  [pusher, ably] = await Promise.all([startPusher(), startAbly()]);
  server = await startAuthServer(ably.authorizer);
});

afterAll(async () => {
  await server?.close();
  await Promise.all([pusher?.close(), ably?.close()]);
  expect(server?.failures ?? []).toEqual([]);
});

describe('ably: hostile channel names', () => {
  beforeAll(() => server.use(ably.authorizer));

  it('the legal request is capability-exact (control)', async () => {
    const own = inbox({ userId: alice }).name;
    const lobby = room({ room: 'lobby' }).name;
    const response = await server.postJson(bearer(alice), { channels: [own, lobby, own] });
    expect(response.status).toBe(200);
    const tokenRequest = (await response.json()) as { capability: string; clientId: string };
    expect(JSON.parse(tokenRequest.capability)).toEqual({ [lobby]: ['presence', 'subscribe'], [own]: ['subscribe'] });
    expect(tokenRequest.clientId).toBe(alice);
  });

  it.each(hostileLogicalNames)('refuses %s with 400', async (_name, channel) => {
    const response = await server.postJson(bearer(alice), { channels: [channel] });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('"mac"');
  });

  it.each(hostileLogicalNames)('issues nothing when %s rides along with a legal channel', async (_name, channel) => {
    const response = await server.postJson(bearer(alice), { channels: [inbox({ userId: alice }).name, channel] });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('"capability"');
  });

  it.each([
    ['a comma-joined string', { channels: `secure:inbox:${alice},secure:inbox:${bob}` }],
    ['a nested list', { channels: [[inbox({ userId: bob }).name]] }],
    ['an object of names', { channels: { [inbox({ userId: bob }).name]: ['*'] } }],
    ['a JSON array body', [inbox({ userId: alice }).name]],
  ])('refuses the channel list as %s with 400', async (_name, body) => {
    const response = await server.postJson(bearer(alice), body);
    expect(response.status).toBe(400);
  });
});

describe('pusher: hostile channel names and socket ids', () => {
  beforeAll(() => server.use(pusher.authorizer));

  it.each(hostilePusherNames)('refuses %s with 400 and signs nothing', async (_name, channel) => {
    const response = await server.postForm(bearer(alice), { socket_id: '1234.5678', channel_name: channel });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('"auth"');
  });

  it('refuses to sign a user in for another user’s server-to-user channel (403), and signs in only the caller', async () => {
    const victim = await server.postForm(bearer(alice), { socket_id: '1234.5678', channel_name: `#server-to-user-${bob}` });
    expect(victim.status).toBe(403);
    expect(await victim.text()).not.toContain('"auth"');
    const ownRequests: Array<Record<string, string>> = [
      { socket_id: '1234.5678', channel_name: `#server-to-user-${alice}` },
      { socket_id: '1234.5678' },
    ];
    for (const fields of ownRequests) {
      const own = await server.postForm(bearer(alice), fields);
      expect(own.status).toBe(200);
      // The signed user_data is the caller's, whatever else the body says.
      expect(JSON.parse((await own.json()).user_data)).toEqual({ id: alice });
    }
    const smuggled = await server.postForm(bearer(alice), { socket_id: '1234.5678', user_data: JSON.stringify({ id: bob }) });
    expect(JSON.parse((await smuggled.json()).user_data)).toEqual({ id: alice });
  });

  it('refuses a repeated channel_name field instead of picking one', async () => {
    const own = encodeURIComponent(pusherChannelName(inbox({ userId: alice })));
    const victim = encodeURIComponent(pusherChannelName(inbox({ userId: bob })));
    const response = await server.postForm(bearer(alice), `socket_id=1234.5678&channel_name=${own}&channel_name=${victim}`);
    expect(response.status).toBe(400);
  });

  it.each([
    ['a colon that would extend the signed text', `1234.5678:${pusherChannelName(inbox({ userId: bob }))}`],
    ['letters', 'abc.def'],
    ['an empty value', ''],
  ])('refuses a socket_id with %s', async (_name, socketId) => {
    const response = await server.postForm(bearer(alice), {
      socket_id: socketId,
      channel_name: pusherChannelName(inbox({ userId: alice })),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('"auth"');
  });
});
