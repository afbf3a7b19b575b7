/**
 * Fault 6: malformed frames on a live channel (invalid JSON, a wrong envelope, an oversized
 * message, an unknown event) between valid messages. The subscriber must report each frame that
 * reached it, stay connected, and deliver every valid message.
 */
import { createSubscriberFromTransport, type RealtimeErrorCode } from '@switchboard/core';
import { quietPeriod, waitFor } from '../wait.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { freshStream } from './fault-channel.js';
import type { FaultReport } from './fault-report.js';
import { type FaultRig, type InjectionResult, MALFORMED_FRAME_KINDS, type MalformedFrameKind } from './fault-rig.js';

export interface MalformedFrameOutcome extends InjectionResult {
  /** The kind of frame injected. */
  kind: MalformedFrameKind;
  /** The code the subscriber reported, when the frame reached it. */
  reportedCode: RealtimeErrorCode | undefined;
}

export interface MalformedFramesReport extends FaultReport {
  /** What happened to each injected frame. */
  outcomes: MalformedFrameOutcome[];
  /** The subscriber's state at the end (must be `connected`). */
  finalState: string;
}

/** Injects each malformed frame kind between valid messages and reports whether the subscriber survived and reported them. */
export async function runMalformedFrames(rig: FaultRig, options: { validBetween?: number } = {}): Promise<MalformedFramesReport> {
  if (!rig.injectMalformed) throw new Error(`${rig.name}: the rig cannot inject frames`);
  const validBetween = options.validBetween ?? 5;
  const channel = freshStream('malformed');
  const ledger = new DeliveryLedger();
  const subscriber = createSubscriberFromTransport(rig.subscriberTransport());
  const publisher = rig.publisher();
  const outcomes: MalformedFrameOutcome[] = [];
  const errors: Array<{ code: RealtimeErrorCode }> = [];
  const stopErrors = subscriber.onError((error) => errors.push(error));
  const started = Date.now();
  let n = 0;
  const publishValid = async () => {
    for (let index = 0; index < validBetween; index += 1) {
      const handle = ledger.publishing(n);
      await publisher.publish(channel, 'tick', { n: n++ }).then(() => handle.accepted(), handle.failed);
    }
  };
  try {
    await ledger.observe('subscriber', subscriber, channel);
    await waitFor(() => subscriber.state === 'connected', 15_000, 'the subscriber connected');
    for (const kind of MALFORMED_FRAME_KINDS) {
      await publishValid();
      const before = errors.length;
      const result = await rig.injectMalformed(channel, kind);
      if (result.reached) await waitFor(() => errors.length > before, 10_000, `an error for the ${kind} frame`).catch(() => {});
      outcomes.push({ kind, ...result, reportedCode: errors.length > before ? errors[before]?.code : undefined });
    }
    await publishValid();
    await waitFor(() => ledger.settled(), 15_000, 'every valid message').catch(() => {});
    await quietPeriod(200);
    const tally = ledger.tally();
    return {
      provider: rig.name,
      fault: 'malformed inbound frames',
      ...tally,
      errors: errors.length,
      suppressedDuplicates: 0,
      achievedRate: 0,
      durationMs: Date.now() - started,
      note: outcomes
        .map((outcome) => `${outcome.kind}: ${outcome.reached ? (outcome.reportedCode ?? 'NOT REPORTED') : outcome.note}`)
        .join('; '),
      outcomes,
      finalState: subscriber.state,
    };
  } finally {
    await subscriber.close().catch(() => {});
    stopErrors();
    ledger.stop();
    await publisher.close().catch(() => {});
  }
}
