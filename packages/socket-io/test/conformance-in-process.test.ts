import { runConformance } from '@switchboard/testing/conformance';
import { startSocketIoTestBed } from './test-bed.js';

runConformance({
  name: 'socket-io (in-process publisher)',
  setup: (catalog) => startSocketIoTestBed(catalog, { publisher: 'in-process' }),
});
