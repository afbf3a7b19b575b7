/** Health with reasons and stats on Ably: the real `ably` SDK against the emulator (shared suite). */
import { conformanceChannels, runHealthChecks } from '@switchboard/testing/conformance';
import { startTestBed } from './emulator-setup.js';

runHealthChecks('ably', async () => {
  const bed = await startTestBed(conformanceChannels);
  return {
    createPublisher: (options) => bed.publisher(options),
    createSubscriber: (user) => bed.subscriber(user),
    failNextPublishes: (count) => bed.emulator.failNextRest(count, 500),
    stopProvider: () => bed.emulator.close(),
    // Ably's REST API does not count connections or subscriptions for a key; core's rates only.
    counts: [],
  };
});
