import { runConformance } from '@switchboard/testing/conformance';
import { startSocketIoTestBed } from './test-bed.js';

runConformance({
  name: 'socket-io (HTTP publisher)',
  setup: (catalog) => startSocketIoTestBed(catalog, { publisher: 'http' }),
});
