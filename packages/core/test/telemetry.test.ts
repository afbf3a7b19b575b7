/**
 * OpenTelemetry on the publisher and a server-side subscriber (memory provider) with the SDK's
 * in-memory exporters. The SDK runs in its own process (telemetry/memory-scenarios.ts), as Node
 * loads it; this file checks what it recorded: a PRODUCER span per publish carried in the envelope,
 * the delivery span in the same trace, retries and the outbox hand-off as events, failures as
 * errors, and the metrics. Without an SDK the same code records nothing and changes nothing.
 */

import { createSubscriberFromTransport } from '@switchboard/core';
import { createSubscriberTransport, MemoryHub, memoryPublisher } from '@switchboard/core/memory';
import { openTelemetryPublisher, tracedSubscriberTransport } from '@switchboard/core/telemetry';
import { Collector } from '@switchboard/testing';
import { publicRoom } from '@switchboard/testing/conformance';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestProcess } from './support/child-process.js';
import type { PrintedSpan } from './support/otel.js';

interface Scenario {
  spans: PrintedSpan[];
  metrics: Record<string, number | undefined>;
  [key: string]: unknown;
}

const PRODUCER = 3;
const CONSUMER = 4;
const ERROR = 2;

describe('OpenTelemetry on a publisher and a subscriber', () => {
  let results: Record<'traced' | 'retried' | 'outboxed' | 'gaps', Scenario>;
  beforeAll(async () => {
    const child = startTestProcess('packages/core/test/telemetry/memory-scenarios.ts');
    ({ results } = await child.line<{ results: typeof results }>('results', 60_000));
    await child.exited;
  }, 90_000);

  it('opens a PRODUCER span per publish, carries its context in the envelope, and continues it in the delivery span', () => {
    const { spans, metrics, traceparent, id, channel } = results.traced;
    const publish = spans.find((span) => span.name === 'publish conformance:public:{room}');
    const deliver = spans.find((span) => span.name === 'deliver conformance:public:{room}');
    expect(publish?.kind).toBe(PRODUCER);
    expect(publish?.attributes).toMatchObject({
      'messaging.message.id': id,
      'messaging.destination.name': channel,
      'switchboard.provider': 'memory',
    });
    expect(traceparent).toBe(`00-${publish?.traceId}-${publish?.spanId}-01`);
    expect(deliver?.kind).toBe(CONSUMER);
    expect(deliver?.traceId).toBe(publish?.traceId);
    expect(deliver?.parentSpanId).toBe(publish?.spanId);
    expect(metrics).toEqual({ published: 1, delivered: 1, latency: 1 });
  });

  it('records each retry as span events and a counter, and a failure for good as an error and a drop by reason', () => {
    const { spans, metrics } = results.retried;
    const [retried, failed] = spans;
    expect(retried?.events).toEqual(['switchboard.attempt.failed', 'switchboard.retry', 'switchboard.attempt.failed', 'switchboard.retry']);
    expect(retried?.status).not.toBe(ERROR);
    expect(failed?.status).toBe(ERROR);
    expect(failed?.attributes['error.type']).toBe('PROVIDER_UNAVAILABLE');
    expect(metrics).toEqual({ retries: 2, dropped: 1 });
  });

  it('marks the outbox hand-off on the span and reports the outbox backlog as a gauge', () => {
    const { spans, metrics } = results.outboxed;
    expect(spans[0]?.events).toContain('switchboard.outbox.recorded');
    expect(metrics.backlog).toBe(41);
  });

  it('counts gaps by reason and messages dropped as malformed', () => {
    const { metrics, received, gapReason } = results.gaps;
    expect(received).toEqual([2]);
    expect(gapReason).toBe('reconnected-without-recovery');
    expect(metrics).toEqual({ malformed: 1, gaps: 1 });
  });
});

describe('OpenTelemetry without an SDK', () => {
  it('records nothing and leaves envelopes without trace context', async () => {
    const hub = new MemoryHub();
    const subscriber = createSubscriberFromTransport(tracedSubscriberTransport(createSubscriberTransport({ hub })));
    const publisher = memoryPublisher({ hub, telemetry: openTelemetryPublisher() });
    const channel = publicRoom({ room: 'no-sdk' });
    const received = new Collector<number>();
    await subscriber.subscribe(channel, 'note', (data) => received.push(data.n)).ready;
    await publisher.publish(channel, 'note', { text: 'x', n: 7 });
    await received.toHave(1);
    expect(received.items).toEqual([7]);
    expect(hub.accepted.at(-1)?.traceparent).toBeUndefined();
    await Promise.all([publisher.close(), subscriber.close()]);
  });
});
