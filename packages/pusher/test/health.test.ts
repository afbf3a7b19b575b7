/** Health with reasons and stats on Pusher: the real `pusher` and `pusher-js` SDKs against the emulator (shared suite). */
import { conformanceChannels, runHealthChecks } from '@switchboard/testing/conformance';
import { startTestbed } from './harness.js';

runHealthChecks('pusher', async () => {
  const testbed = await startTestbed(conformanceChannels);
  return {
    createPublisher: (options) => testbed.publisher(options),
    createSubscriber: (user) => testbed.subscriber(user),
    failNextPublishes: (count) => testbed.emulator.failNextHttp(count, 500),
    stopProvider: () => testbed.close(),
    // Pusher's HTTP API tells occupied channels (and presence users), not connections.
    counts: ['channels'],
  };
});
