import { runConformance } from '@switchboard/testing/conformance';
import { startMemoryTestBed } from './support/memory-test-bed.js';

runConformance({ name: 'memory', setup: startMemoryTestBed, authEndpoint: false });
