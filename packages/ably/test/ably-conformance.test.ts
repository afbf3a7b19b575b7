import { runConformance } from '@switchboard/testing/conformance';
import { startTestBed } from './emulator-setup.js';

runConformance({
  name: 'ably',
  async setup({ channels, rules }) {
    const bed = await startTestBed(channels, rules);
    const publisher = bed.publisher();
    const unvalidatedPublisher = bed.publisher({ validate: false });
    return {
      publisher,
      unvalidatedPublisher,
      createPublisher: (options) => bed.publisher(options),
      createSubscriber: (user, options) => bed.subscriber(user, options),
      // Stay down a moment so messages published meanwhile are truly missed, then recovered by resume.
      dropConnections: async (options) => bed.emulator.dropAll({ downForMs: 150, ...options }),
      failNextPublishes: (count) => bed.emulator.failNextRest(count, 500),
      teardown: async () => {
        await Promise.all([publisher.close(), unvalidatedPublisher.close()]);
        await bed.emulator.close();
      },
    };
  },
});
