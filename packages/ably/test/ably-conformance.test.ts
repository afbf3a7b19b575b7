import { runConformance } from '@switchboard/testing/conformance';
import { startAblyTestBed } from './test-bed.js';

runConformance({ name: 'ably', setup: startAblyTestBed });
