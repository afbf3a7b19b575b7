/**
 * `openTelemetryHub()`: one span per message a hub fans out, continuing the publisher's trace from
 * the envelope and handing its own context on in the envelope, so subscribers' spans are its
 * children; plus the delivered and dropped counts and publish→broadcast latency.
 */
import { type Meter, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { HubObserver } from './hub-observer.js';
import { createInstruments, INSTRUMENTATION_NAME } from './instruments.js';
import { contextFromEnvelope, injectTraceContext } from './trace-context.js';

/** Options of {@link openTelemetryHub}. */
export interface HubTelemetryOptions {
  /**
   * The tracer.
   * @default trace.getTracer('@switchboard/core')
   */
  tracer?: Tracer;
  /**
   * The meter.
   * @default metrics.getMeter('@switchboard/core')
   */
  meter?: Meter;
}

/** Spans and metrics of a hub's broadcasts; pass it as the hub's `telemetry` option. */
export function openTelemetryHub(options: HubTelemetryOptions = {}): HubObserver {
  const tracer = options.tracer ?? trace.getTracer(INSTRUMENTATION_NAME);
  const instruments = createInstruments(options.meter);
  return {
    async broadcast(messages, run) {
      const spans = messages.map(({ channel, envelope }) => {
        const span = tracer.startSpan(
          `broadcast ${channel}`,
          {
            kind: SpanKind.CONSUMER,
            attributes: {
              'messaging.system': 'switchboard',
              'messaging.destination.name': channel,
              'messaging.message.id': envelope.id,
              'messaging.operation.type': 'process',
            },
          },
          contextFromEnvelope(envelope),
        );
        injectTraceContext(envelope, span);
        return span;
      });
      const attributes = { 'switchboard.side': 'hub' };
      try {
        await run();
        instruments.delivered.add(messages.length, attributes);
        for (const { envelope } of messages) instruments.latency.record(Math.max(0, Date.now() - envelope.ts), attributes);
      } catch (error) {
        const reason = String((error as { code?: unknown })?.code ?? 'unknown');
        instruments.dropped.add(messages.length, { ...attributes, 'switchboard.drop.reason': reason });
        for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message ?? reason });
        throw error;
      } finally {
        for (const span of spans) span.end();
      }
    },
  };
}
