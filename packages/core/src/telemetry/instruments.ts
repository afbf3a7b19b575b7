/**
 * The metrics every side records, created once per meter. Names follow the OpenTelemetry style
 * (`switchboard.*`, lower case, dots); counts are messages, latency is milliseconds.
 */
import { type Meter, metrics } from '@opentelemetry/api';

/** The name of the instrumentation scope (tracer and meter). */
export const INSTRUMENTATION_NAME = '@switchboard/core';

export function createInstruments(meter: Meter = metrics.getMeter(INSTRUMENTATION_NAME)) {
  return {
    meter,
    published: meter.createCounter('switchboard.messages.published', {
      description: 'Messages the provider accepted from this publisher',
      unit: '{message}',
    }),
    delivered: meter.createCounter('switchboard.messages.delivered', {
      description: 'Messages handed to subscribers (by the hub, or received by a subscriber)',
      unit: '{message}',
    }),
    dropped: meter.createCounter('switchboard.messages.dropped', {
      description: 'Messages not delivered, by reason (switchboard.drop.reason)',
      unit: '{message}',
    }),
    retries: meter.createCounter('switchboard.publish.retries', { description: 'Publish attempts after the first', unit: '{attempt}' }),
    gaps: meter.createCounter('switchboard.gaps', { description: 'Gaps reported to subscribers, by reason', unit: '{gap}' }),
    latency: meter.createHistogram('switchboard.delivery.latency', {
      description: 'Time from publish (envelope ts) to delivery',
      unit: 'ms',
    }),
  };
}

export type Instruments = ReturnType<typeof createInstruments>;
