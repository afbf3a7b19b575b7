/**
 * Pusher: the emulator checks every subscription signature, so a client that replays, reuses, edits
 * or invents a credential from the real auth endpoint is refused there, and a client can never
 * publish what subscribers take for a server event.
 */
import { RealtimeError, type RealtimeSubscriber } from '@switchboard/core';
import { type PusherChannelAuthorization, pusherChannelName } from '@switchboard/pusher';
import { type PusherAuthorizationRequest, pusherSubscriber } from '@switchboard/pusher/subscriber';
import { Collector, quietPeriod, waitFor } from '@switchboard/testing';
import { signChannel } from '@switchboard/testing/pusher-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialOf, withAuthServer } from './support/auth-server.js';
import { inbox, room, unique } from './support/channels.js';
import { PUSHER_APP, startPusher } from './support/providers.js';
import { bearer } from './support/users.js';

type Forge = (request: PusherAuthorizationRequest) => Promise<PusherChannelAuthorization>;

const suite = withAuthServer(startPusher);
const open: RealtimeSubscriber[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((subscriber) => subscriber.close()));
});

/** What the real endpoint answers `userId` for these form fields. */
const endpoint = (userId: string, fields: Record<string, string>) =>
  suite.server.postForm(bearer(userId), fields).then((response) => credentialOf<PusherChannelAuthorization>(response));

/** A real pusher-js subscriber whose channel authorization is whatever `forge` returns. */
function subscriberWith(forge: Forge): RealtimeSubscriber {
  const subscriber = pusherSubscriber({
    key: PUSHER_APP.key,
    wsHost: suite.backend.emulator.host,
    wsPort: suite.backend.emulator.port,
    forceTLS: false,
    authorize: forge,
    presenceGraceMs: 100,
  });
  open.push(subscriber);
  return subscriber;
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** Subscribes `target` with `forge` and returns the refusal and what arrived after a publish. */
async function attempt(target: ReturnType<typeof inbox>, forge: Forge) {
  const received = new Collector<unknown>();
  const error = await refusal(subscriberWith(forge).subscribe(target, 'note', received.push).ready);
  await suite.backend.publisher.publish(target, 'note', { text: 'secret', n: 1 });
  await quietPeriod(300);
  return { error, received: received.items };
}

describe('pusher: forged and reused credentials are refused by the server', () => {
  it('the honest credential from the endpoint subscribes and receives (control)', async () => {
    const alice = unique('alice');
    const received = new Collector<unknown>();
    await subscriberWith((request) => endpoint(alice, request.body)).subscribe(inbox({ userId: alice }), 'note', received.push).ready;
    await suite.backend.publisher.publish(inbox({ userId: alice }), 'note', { text: 'mine', n: 1 });
    expect(await received.toHave(1)).toEqual([{ text: 'mine', n: 1 }]);
  });

  it('the endpoint refuses another user’s channel, so the subscription is refused', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const { error, received } = await attempt(inbox({ userId: bob }), (request) => endpoint(alice, request.body));
    expect(RealtimeError.isInstance(error, 'FORBIDDEN')).toBe(true);
    expect(received).toEqual([]);
  });

  it('a signature for the attacker’s own channel, replayed for the victim’s, is refused', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    const own = pusherChannelName(inbox({ userId: alice }));
    const { error, received } = await attempt(inbox({ userId: bob }), (request) => endpoint(alice, { ...request.body, channel_name: own }));
    expect(RealtimeError.isInstance(error)).toBe(true);
    expect(received).toEqual([]);
  });

  it('a credential captured from the victim’s connection is refused on another connection', async () => {
    const bob = unique('bob');
    let captured: PusherChannelAuthorization | undefined;
    await subscriberWith(async (request) => {
      captured = await endpoint(bob, request.body);
      return captured;
    }).subscribe(inbox({ userId: bob }), 'note', () => {}).ready;
    const { error, received } = await attempt(inbox({ userId: bob }), async () => captured as PusherChannelAuthorization);
    expect(RealtimeError.isInstance(error)).toBe(true);
    expect(received).toEqual([]);
  });

  it.each([
    ['a tampered signature', (auth: string) => auth.replace(/.$/, (last) => (last === '0' ? '1' : '0'))],
    [
      'a signature made with the wrong secret',
      (_auth: string, socketId: string, channel: string) => signChannel(PUSHER_APP.key, 'guessed-secret', socketId, channel),
    ],
    ['another app key', (auth: string) => auth.replace(`${PUSHER_APP.key}:`, 'other-key:')],
    ['no signature at all', () => ''],
  ])('the caller’s own channel with %s is refused', async (_name, edit) => {
    const alice = unique('alice');
    const { error, received } = await attempt(inbox({ userId: alice }), async (request) => {
      const real = await endpoint(alice, request.body);
      return { auth: edit(real.auth, request.socketId, request.channelName) };
    });
    expect(RealtimeError.isInstance(error)).toBe(true);
    expect(received).toEqual([]);
  });
});

describe('pusher: presence identity is the server-side user', () => {
  it('a member credential whose channel_data is edited to another user id is refused; watchers never see the forged user', async () => {
    const [alice, bob, carol] = [unique('alice'), unique('bob'), unique('carol')];
    const lobby = room({ room: unique('lobby') });
    const watcher = subscriberWith((request) => endpoint(carol, request.body)).presence(lobby);
    const events = new Collector<{ type: string; member: { userId: string } }>();
    watcher.onChange(events.push);
    await watcher.members();
    const forger = subscriberWith(async (request) => {
      const real = await endpoint(alice, request.body);
      if (!real.channel_data || request.body.presence_mode === 'watch') return real;
      const member = JSON.parse(real.channel_data) as { user_id: string };
      return { auth: real.auth, channel_data: JSON.stringify({ ...member, user_id: bob }) };
    });
    const entered = await refusal(forger.presence(lobby).enter({ name: 'Bob' }));
    expect(RealtimeError.isInstance(entered)).toBe(true);
    await quietPeriod(300);
    expect(events.items.map((event) => event.member.userId)).not.toContain(bob);
    expect((await watcher.members()).map((member) => member.userId)).not.toContain(bob);
  });

  it('an honest member appears under the id the endpoint signed, whatever data it chose', async () => {
    const [alice, carol] = [unique('alice'), unique('carol')];
    const lobby = room({ room: unique('lobby') });
    const watcher = subscriberWith((request) => endpoint(carol, request.body)).presence(lobby);
    await watcher.members();
    await subscriberWith((request) => endpoint(alice, { ...request.body, user_id: 'someone-else' }))
      .presence(lobby)
      .enter({ name: 'Not Alice' });
    const members = await waitFor(async () => {
      const list = await watcher.members();
      return list.length > 0 ? list : undefined;
    }, 10_000);
    // The profile is the one the endpoint signed for alice (her token's name), apart from her chosen data.
    expect(members).toEqual([{ userId: alice, data: { name: 'Not Alice' }, info: { name: alice } }]);
    expect(await suite.backend.publisher.presence(lobby).members()).toEqual([{ userId: alice, data: undefined, source: 'ids-only' }]);
  });
});
