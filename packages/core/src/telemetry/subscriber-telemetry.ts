/**
 * `tracedSubscriberTransport()`: wraps a subscriber transport (server-side subscribers and workers)
 * so every received message opens a CONSUMER span in the publisher's trace, read from the
 * envelope, around its handlers; counts delivered, dropped (malformed, excluded) and gaps, and
 * records publish→deliver latency. Browser bundles never reach it: nothing in the subscriber
 * imports it.
 */
import { context, type Meter, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import type { Envelope } from '../envelope.js';
import type { ChannelSink, SubscriberTransport } from '../transport.js';
import { createInstruments, INSTRUMENTATION_NAME } from './instruments.js';
import { contextFromEnvelope } from './trace-context.js';

/** Options of {@link tracedSubscriberTransport}. */
export interface SubscriberTelemetryOptions {
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

const readEnvelope = (raw: unknown): Partial<Envelope> | undefined => {
  if (typeof raw === 'string') {
    try {
      return readEnvelope(JSON.parse(raw));
    } catch {
      return undefined;
    }
  }
  // Version 2, the positional form (docs/protocol.md); core's own reader checks it after this.
  if (Array.isArray(raw)) {
    if (raw[0] !== 2 || typeof raw[1] !== 'string') return undefined;
    const [, id, event, , ts, , , exclude, , traceparent, tracestate] = raw as unknown[];
    return {
      id: id as string,
      event: event as string,
      ts: ts as number,
      exclude: typeof exclude === 'string' ? exclude : undefined,
      traceparent: typeof traceparent === 'string' ? traceparent : undefined,
      tracestate: typeof tracestate === 'string' ? tracestate : undefined,
    };
  }
  return typeof raw === 'object' && raw !== null && typeof (raw as Envelope).id === 'string' ? (raw as Envelope) : undefined;
};

/** The transport, with a span and metrics around every message it hands to core. */
export function tracedSubscriberTransport(transport: SubscriberTransport, options: SubscriberTelemetryOptions = {}): SubscriberTransport {
  const tracer = options.tracer ?? trace.getTracer(INSTRUMENTATION_NAME);
  const instruments = createInstruments(options.meter);
  const side = { 'switchboard.side': 'subscriber', 'switchboard.provider': transport.provider };
  const traced = (channel: string, template: string, sink: ChannelSink): ChannelSink => ({
    ...sink,
    message(message) {
      const envelope = readEnvelope(message.envelope);
      if (!envelope) {
        instruments.dropped.add(1, { ...side, 'switchboard.drop.reason': 'malformed' });
        return sink.message(message);
      }
      if (envelope.exclude !== undefined && envelope.exclude === transport.connectionId()) {
        instruments.dropped.add(1, { ...side, 'switchboard.drop.reason': 'excluded' });
        return sink.message(message);
      }
      const span = tracer.startSpan(
        `deliver ${template}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'switchboard',
            'messaging.destination.name': channel,
            'messaging.destination.template': template,
            'messaging.message.id': envelope.id,
            'messaging.operation.type': 'receive',
            'switchboard.recovered': message.recovered,
          },
        },
        contextFromEnvelope(envelope),
      );
      instruments.delivered.add(1, side);
      if (typeof envelope.ts === 'number') instruments.latency.record(Math.max(0, Date.now() - envelope.ts), side);
      try {
        // Handlers that run now (synchronous schemas) see the delivery span as the active one.
        context.with(trace.setSpan(context.active(), span), () => sink.message(message));
      } finally {
        span.end();
      }
    },
    gap(gap) {
      instruments.gaps.add(1, { ...side, 'switchboard.gap.reason': gap.reason });
      sink.gap(gap);
    },
  });
  return {
    ...transport,
    state: () => transport.state(),
    connectionId: () => transport.connectionId(),
    onStateChange: (listener) => transport.onStateChange(listener),
    connect: () => transport.connect(),
    attach: (channel, sink, attachOptions) =>
      transport.attach(channel, traced(channel.name, channel.definition.template, sink), attachOptions),
    detach: (channel) => transport.detach(channel),
    close: () => transport.close(),
  };
}
