import { runConformance } from '@switchboard/testing/conformance';
import { describe } from 'vitest';
import { redisAvailable } from './helpers.js';
import { startSocketIoTestBed } from './test-bed.js';

const available = await redisAvailable();

// Two hubs sharing Redis: subscribers alternate between them and the publisher talks to the second,
// so every case (presence, exclusion, recovery, gaps) also holds across hubs.
describe.skipIf(!available)('socket-io over Redis', () => {
  runConformance({
    name: 'socket-io (two hubs over Redis, HTTP publisher)',
    setup: (catalog) => startSocketIoTestBed(catalog, { publisher: 'http', redis: true }),
  });
});
