import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AblyEmulator, Action, Flag, Mode, PresenceAction, startAblyEmulator } from '../src/ably-emulator/index.js';
import { waitFor } from '../src/wait.js';
import { basic, FrameClient, issueToken, KEY, rest } from './ably-emulator-helpers.js';

describe('ably emulator: realtime protocol', () => {
  let emulator: AblyEmulator;
  const clients: FrameClient[] = [];
  beforeAll(async () => {
    emulator = await startAblyEmulator({ keys: [KEY], presenceGraceMs: 200, maxIdleIntervalMs: 2000 });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => emulator.close());

  const open = async (query: string) => {
    const client = await FrameClient.open(emulator, query);
    clients.push(client);
    return client;
  };
  const connected = (client: FrameClient) => client.next((frame) => frame.action === Action.CONNECTED, 0, 'CONNECTED');
  const attached = (client: FrameClient, channel: string, from = 0) =>
    client.next((frame) => frame.action === Action.ATTACHED && frame.channel === channel, from, `ATTACHED ${channel}`);

  it('connects with a token and sends CONNECTED with connectionDetails', async () => {
    const token = await issueToken(emulator, { clientId: 'ann' });
    const client = await open(`access_token=${encodeURIComponent(token)}`);
    const frame = await connected(client);
    expect(frame.connectionId).not.toContain(':');
    expect(frame.connectionDetails).toMatchObject({ clientId: 'ann', maxMessageSize: 65_536, connectionStateTtl: 120_000 });
    expect(typeof frame.connectionDetails.connectionKey).toBe('string');
  });

  it('refuses a connection whose clientId differs from the token’s (40102) and an unknown token (40140)', async () => {
    const token = await issueToken(emulator, { clientId: 'ann' });
    const mismatched = await open(`access_token=${encodeURIComponent(token)}&clientId=bob`);
    expect((await mismatched.next((frame) => frame.action === Action.ERROR)).error.code).toBe(40102);
    const unknown = await open('access_token=app1.nope');
    expect((await unknown.next((frame) => frame.action === Action.ERROR)).error.code).toBe(40140);
    await unknown.closed();
  });

  it('attaches with mode flags from the capability and refuses channels outside it (40160)', async () => {
    const token = await issueToken(emulator, { clientId: 'ann', capability: { 'room:1': ['subscribe'] } });
    const client = await open(`access_token=${encodeURIComponent(token)}`);
    await connected(client);
    client.send({ action: Action.ATTACH, channel: 'room:1' });
    const frame = await attached(client, 'room:1');
    expect(frame.flags & Mode.SUBSCRIBE).toBeTruthy();
    expect(frame.flags & Mode.PUBLISH).toBe(0);
    expect(frame.flags & Mode.PRESENCE).toBe(0);
    client.send({ action: Action.ATTACH, channel: 'room:2' });
    const error = await client.next((next) => next.action === Action.ERROR && next.channel === 'room:2');
    expect(error.error.code).toBe(40160);
  });

  it('fans out a realtime publish with ids and ACKs it; NACKs without publish capability (40160) or over 64 KiB (40009)', async () => {
    const publisher = await open(`key=${KEY}&clientId=pub`);
    const reader = await open(
      `access_token=${encodeURIComponent(await issueToken(emulator, { clientId: 'r', capability: { fan: ['subscribe'] } }))}`,
    );
    await Promise.all([connected(publisher), connected(reader)]);
    publisher.send({ action: Action.ATTACH, channel: 'fan' });
    reader.send({ action: Action.ATTACH, channel: 'fan' });
    await Promise.all([attached(publisher, 'fan'), attached(reader, 'fan')]);
    publisher.send({ action: Action.MESSAGE, channel: 'fan', msgSerial: 0, messages: [{ name: 'hello', data: 'world' }] });
    expect(await publisher.next((frame) => frame.action === Action.ACK)).toMatchObject({ msgSerial: 0, count: 1 });
    const delivered = await reader.next((frame) => frame.action === Action.MESSAGE);
    const publisherId = (await connected(publisher)).connectionId;
    expect(delivered.messages[0]).toMatchObject({ name: 'hello', data: 'world', id: `${publisherId}:0:0`, connectionId: publisherId });
    reader.send({ action: Action.MESSAGE, channel: 'fan', msgSerial: 0, messages: [{ name: 'nope' }] });
    expect((await reader.next((frame) => frame.action === Action.NACK)).error.code).toBe(40160);
    publisher.send({ action: Action.MESSAGE, channel: 'fan', msgSerial: 1, messages: [{ name: 'big', data: 'x'.repeat(70_000) }] });
    expect((await publisher.next((frame) => frame.action === Action.NACK)).error.code).toBe(40009);
  });

  it('answers malformed JSON frames with ERROR 40000 and closes', async () => {
    const client = await open(`key=${KEY}`);
    await connected(client);
    client.socket.send('{"action":');
    expect((await client.next((frame) => frame.action === Action.ERROR)).error.code).toBe(40000);
    await client.closed();
  });

  it('resumes within the TTL and replays missed messages with RESUMED; forgets state on dropAll({ recover: false })', async () => {
    const client = await open(`key=${KEY}`);
    const first = await connected(client);
    client.send({ action: Action.ATTACH, channel: 'resume' });
    const attachedFrame = await attached(client, 'resume');
    emulator.dropAll();
    await client.closed();
    await rest(emulator, 'POST', '/channels/resume/messages', { auth: basic(), body: { id: 'missed', name: 'n' } });
    const resumed = await open(`key=${KEY}&resume=${encodeURIComponent(first.connectionDetails.connectionKey)}`);
    expect((await connected(resumed)).connectionId).toBe(first.connectionId);
    resumed.send({ action: Action.ATTACH, channel: 'resume', channelSerial: attachedFrame.channelSerial });
    expect((await attached(resumed, 'resume')).flags & Flag.RESUMED).toBeTruthy();
    expect((await resumed.next((frame) => frame.action === Action.MESSAGE)).messages[0].id).toBe('missed');

    emulator.dropAll({ recover: false });
    await resumed.closed();
    const fresh = await open(`key=${KEY}&resume=${encodeURIComponent(first.connectionDetails.connectionKey)}`);
    const frame = await connected(fresh);
    expect(frame.connectionId).not.toBe(first.connectionId);
    expect(frame.error.code).toBe(80008);
    fresh.send({ action: Action.ATTACH, channel: 'resume', channelSerial: attachedFrame.channelSerial });
    expect((await attached(fresh, 'resume')).flags & Flag.RESUMED).toBe(0);
  });

  it('after a resume, holds a channel’s messages until the client re-attaches it, then replays them after ATTACHED', async () => {
    const client = await open(`key=${KEY}`);
    const first = await connected(client);
    client.send({ action: Action.ATTACH, channel: 'held' });
    const attachedFrame = await attached(client, 'held');
    emulator.dropAll();
    await client.closed();
    const resumed = await open(`key=${KEY}&resume=${encodeURIComponent(first.connectionDetails.connectionKey)}`);
    expect((await connected(resumed)).connectionId).toBe(first.connectionId);
    // Published on the resumed connection before its ATTACH: ably-js would discard it yet move its serial past it.
    await rest(emulator, 'POST', '/channels/held/messages', { auth: basic(), body: { id: 'before-attach', name: 'n' } });
    await rest(emulator, 'POST', '/channels/held/messages', { auth: basic(), body: { id: 'also-before', name: 'n' } });
    expect(resumed.frames.filter((frame) => frame.action === Action.MESSAGE)).toEqual([]);
    resumed.send({ action: Action.ATTACH, channel: 'held', channelSerial: attachedFrame.channelSerial });
    const reattached = await attached(resumed, 'held');
    expect(reattached.flags & Flag.RESUMED).toBeTruthy();
    expect(reattached.flags & Flag.HAS_BACKLOG).toBeTruthy();
    // The client's position is where the replay starts, so a drop before the replay arrives loses nothing.
    expect(reattached.channelSerial).toBe(attachedFrame.channelSerial);
    await waitFor(() => resumed.frames.filter((frame) => frame.action === Action.MESSAGE).length === 2, 5000, 'the replay');
    const after = resumed.frames.slice(resumed.frames.indexOf(reattached));
    expect(after.filter((frame) => frame.action === Action.MESSAGE).map((frame) => frame.messages[0].id)).toEqual([
      'before-attach',
      'also-before',
    ]);
    await rest(emulator, 'POST', '/channels/held/messages', { auth: basic(), body: { id: 'live', name: 'n' } });
    expect((await resumed.next((frame) => frame.action === Action.MESSAGE && frame.messages[0].id === 'live')).channel).toBe('held');
  });

  it('refuses new sockets for downForMs after dropAll, then accepts them again', async () => {
    const client = await open(`key=${KEY}`);
    await connected(client);
    emulator.dropAll({ downForMs: 300 });
    await client.closed();
    await expect(FrameClient.open(emulator, `key=${KEY}`)).rejects.toThrow(/503/);
    await waitFor(
      async () => {
        const retry = await FrameClient.open(emulator, `key=${KEY}`).catch(() => undefined);
        if (retry) clients.push(retry);
        return retry;
      },
      5000,
      'the emulator to accept sockets again',
    );
  });

  it('replays the last N messages on attach with rewind', async () => {
    for (const id of ['r1', 'r2', 'r3'])
      await rest(emulator, 'POST', '/channels/rewind/messages', { auth: basic(), body: { id, name: 'n' } });
    const client = await open(`key=${KEY}`);
    await connected(client);
    client.send({ action: Action.ATTACH, channel: 'rewind', params: { rewind: '2' } });
    expect((await attached(client, 'rewind')).flags & Flag.HAS_BACKLOG).toBeTruthy();
    await waitFor(() => client.frames.filter((frame) => frame.action === Action.MESSAGE).length === 2, 5000, 'two replayed messages');
    expect(client.frames.filter((frame) => frame.action === Action.MESSAGE).map((frame) => frame.messages[0].id)).toEqual(['r2', 'r3']);
  });

  it('syncs presence on attach, broadcasts enter, and makes a LEAVE without id after a dropped socket’s grace period', async () => {
    const ann = await open(`key=${KEY}&clientId=ann`);
    const watcher = await open(`key=${KEY}&clientId=watcher`);
    await Promise.all([connected(ann), connected(watcher)]);
    ann.send({ action: Action.ATTACH, channel: 'lobby' });
    await attached(ann, 'lobby');
    ann.send({
      action: Action.PRESENCE,
      channel: 'lobby',
      msgSerial: 0,
      presence: [{ action: PresenceAction.ENTER, data: { name: 'Ann' } }],
    });
    await ann.next((frame) => frame.action === Action.ACK);
    watcher.send({ action: Action.ATTACH, channel: 'lobby' });
    expect((await attached(watcher, 'lobby')).flags & Flag.HAS_PRESENCE).toBeTruthy();
    const sync = await watcher.next((frame) => frame.action === Action.SYNC);
    expect(sync.channelSerial.endsWith(':')).toBe(true);
    expect(sync.presence[0]).toMatchObject({ action: PresenceAction.PRESENT, clientId: 'ann', data: { name: 'Ann' } });
    ann.socket.terminate();
    const leave = await watcher.next((frame) => frame.action === Action.PRESENCE && frame.presence[0].action === PresenceAction.LEAVE);
    expect(leave.presence[0].clientId).toBe('ann');
    expect(leave.presence[0].id).toBeUndefined();
  });

  it('refuses presence without the presence capability (40160)', async () => {
    const token = await issueToken(emulator, { clientId: 'sub', capability: { quiet: ['subscribe'] } });
    const client = await open(`access_token=${encodeURIComponent(token)}`);
    await connected(client);
    client.send({ action: Action.ATTACH, channel: 'quiet' });
    await attached(client, 'quiet');
    client.send({ action: Action.PRESENCE, channel: 'quiet', msgSerial: 0, presence: [{ action: PresenceAction.ENTER }] });
    expect((await client.next((frame) => frame.action === Action.NACK)).error.code).toBe(40160);
  });

  it('disconnects with 40142 when the token expires and re-authorizes in band on AUTH', async () => {
    const token = await issueToken(emulator, { clientId: 'tok' });
    const client = await open(`access_token=${encodeURIComponent(token)}`);
    const first = await connected(client);
    emulator.requestReauth();
    const askedAt = client.frames.length;
    await client.next((frame) => frame.action === Action.AUTH);
    client.send({ action: Action.AUTH, auth: { accessToken: await issueToken(emulator, { clientId: 'tok' }) } });
    expect((await client.next((frame) => frame.action === Action.CONNECTED, askedAt)).connectionId).toBe(first.connectionId);
    const other = await open(`access_token=${encodeURIComponent(await issueToken(emulator, { clientId: 'tok2' }))}`);
    await connected(other);
    emulator.expireToken('tok2');
    expect((await other.next((frame) => frame.action === Action.DISCONNECTED)).error.code).toBe(40142);
    await other.closed();
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });

  it('answers HEARTBEAT with its id and sends heartbeats on its own', async () => {
    const client = await open(`key=${KEY}`);
    await connected(client);
    client.send({ action: Action.HEARTBEAT, id: 'ping-1' });
    await client.next((frame) => frame.action === Action.HEARTBEAT && frame.id === 'ping-1');
    await client.next((frame) => frame.action === Action.HEARTBEAT && frame.id === undefined, 0, 'a server heartbeat');
  });
});
