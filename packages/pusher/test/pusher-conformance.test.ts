import { runConformance } from '@switchboard/testing/conformance';
import { startPusherTestBed } from './test-bed.js';

runConformance({ name: 'pusher', setup: startPusherTestBed });
