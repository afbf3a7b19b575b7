/**
 * @switchboard/testing/faults — reusable fault scenarios: a steady stream of numbered messages,
 * a ledger that tells delivered from duplicated from covered-by-a-gap from silently lost, and the
 * scenarios of the reliability suite, run against any provider through a {@link FaultRig}.
 *
 * @module @switchboard/testing/faults
 */
export { DeliveryLedger, type DeliveryTally, type LedgerOptions } from './delivery-ledger.js';
export { faultChannels, faultStream, freshStream } from './fault-channel.js';
export { type FaultReport, formatReportTable, notApplicable } from './fault-report.js';
export { type FaultRig, type InjectionResult, MALFORMED_FRAME_KINDS, type MalformedFrameKind } from './fault-rig.js';
export { type HistoryBed, historyBed } from './history-rig.js';
export { type MalformedFrameOutcome, type MalformedFramesReport, runMalformedFrames } from './malformed-frames.js';
export { type TappedTransport, tapTransport } from './raw-tap.js';
export { type RedisServer, type RedisServerOptions, redisServerInstalled, startRedisServer } from './redis-server.js';
export { type StallProxy, startStallProxy } from './stall-proxy.js';
export { publishSteadily, type SteadyStreamOptions, type StreamMilestone, type StreamResult } from './steady-stream.js';
export {
  PATIENT_RETRY,
  runConnectionDrops,
  runPublishOutage,
  runStreamScenario,
  runStreamWithFault,
  type StreamScenarioOptions,
} from './stream-scenarios.js';
