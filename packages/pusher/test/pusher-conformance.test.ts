import { waitFor } from '@switchboard/testing';
import { runConformance } from '@switchboard/testing/conformance';
import { startTestbed } from './harness.js';

runConformance({
  name: 'pusher',
  async setup({ channels, rules }) {
    const testbed = await startTestbed(channels, rules);
    return {
      publisher: testbed.publisher(),
      unvalidatedPublisher: testbed.publisher({ validate: false }),
      createPublisher: (options) => testbed.publisher(options),
      createSubscriber: (user, options) => testbed.subscriber(user, options),
      async dropConnections() {
        // Pusher never recovers missed messages, so `recover: false` needs nothing more.
        const connected = testbed.open().filter((subscriber) => subscriber.state === 'connected');
        await testbed.emulator.dropAllSockets();
        await waitFor(() => connected.every((subscriber) => subscriber.state !== 'connected'), 10_000, 'subscribers to notice the drop');
      },
      failNextPublishes: (count) => testbed.emulator.failNextHttp(count, 500),
      teardown: () => testbed.close(),
    };
  },
});
