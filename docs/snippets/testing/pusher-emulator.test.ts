// pusher-emulator.test.ts — the real `pusher` and `pusher-js` SDKs against a local Pusher emulator.
import { defineChannel } from '@switchboard/core/client';
import { pusherPublisher } from '@switchboard/pusher';
import { pusherSubscriber } from '@switchboard/pusher/subscriber';
import { Collector } from '@switchboard/testing';
import { type PusherEmulator, startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import * as v from 'valibot';
import { afterAll, beforeAll, expect, test } from 'vitest';

const announcements = defineChannel('announcements:{team}', {
  access: 'public',
  events: { posted: v.object({ text: v.string() }) },
});

const credentials = { appId: '1', key: 'test-key', secret: 'test-secret' };
let emulator: PusherEmulator;
beforeAll(async () => {
  emulator = await startPusherEmulator(credentials); // 127.0.0.1, an ephemeral port
});
afterAll(() => emulator.close());

test('an announcement reaches a pusher-js subscriber', async () => {
  const publisher = pusherPublisher({ ...credentials, host: emulator.host, port: emulator.port, useTLS: false });
  const subscriber = pusherSubscriber({ key: credentials.key, wsHost: emulator.host, wsPort: emulator.port, forceTLS: false });
  const posts = new Collector<{ text: string }>();
  await subscriber.subscribe(announcements({ team: 'core' }), 'posted', posts.push).ready;

  await publisher.publish(announcements({ team: 'core' }), 'posted', { text: 'Release at five' });

  expect(await posts.toHave(1)).toEqual([{ text: 'Release at five' }]);
  await Promise.all([subscriber.close(), publisher.close()]);
});
