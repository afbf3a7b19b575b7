/**
 * `openTelemetryPublisher()`: a publisher's spans and metrics. One PRODUCER span per message, from
 * hand-over to the provider's answer, with an event per retry and one for the outbox hand-off; its
 * context travels in the envelope (`traceparent`). A message the outbox sends later gets a
 * `switchboard.outbox.resend` span in the same trace.
 */
import { type Meter, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { PublisherOutbox } from '../outbox/outbox.js';
import type { OutboundMessage } from '../transport.js';
import { createInstruments, INSTRUMENTATION_NAME } from './instruments.js';
import type { PublishObserver } from './publish-observer.js';
import { contextFromEnvelope, injectTraceContext } from './trace-context.js';

/** Options of {@link openTelemetryPublisher}. */
export interface PublisherTelemetryOptions {
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
  /** The publisher's outbox, whose size becomes the `switchboard.outbox.backlog` gauge. */
  outbox?: PublisherOutbox;
}

const attributesOf = (message: OutboundMessage, provider?: string) => ({
  'messaging.system': 'switchboard',
  'messaging.destination.name': message.channel.name,
  'messaging.destination.template': message.channel.definition.template,
  'messaging.message.id': message.envelope.id,
  'messaging.operation.type': 'publish',
  ...(provider ? { 'switchboard.provider': provider } : {}),
});

/** Spans kept open at most, oldest ended first. */
const MAX_OPEN_SPANS = 10_000;

const codeOf = (error: unknown) => (error as { code?: unknown } | undefined)?.code;

/**
 * Spans and metrics of a publisher; pass it as the publisher's `telemetry` option. Records
 * nothing until an OpenTelemetry SDK is registered (the API is a no-op without one).
 */
export function openTelemetryPublisher(options: PublisherTelemetryOptions = {}): PublishObserver {
  const tracer = options.tracer ?? trace.getTracer(INSTRUMENTATION_NAME);
  const instruments = createInstruments(options.meter);
  const { outbox } = options;
  if (outbox?.size) {
    const backlog = instruments.meter.createObservableGauge('switchboard.outbox.backlog', {
      description: 'Messages waiting in the outbox',
      unit: '{message}',
    });
    backlog.addCallback(async (result) => {
      const size = await outbox.size?.().catch(() => undefined);
      if (size !== undefined) result.observe(size);
    });
  }
  /** Spans of messages handed over and not yet settled, by message id. */
  const open = new Map<string, Span>();
  /** A message whose send never started (its outbox record failed) must not keep its span forever. */
  const track = (id: string, span: Span) => {
    open.set(id, span);
    if (open.size <= MAX_OPEN_SPANS) return;
    const [oldestId, oldest] = open.entries().next().value as [string, Span];
    oldest.setStatus({ code: SpanStatusCode.ERROR, message: 'abandoned: the send never settled' });
    oldest.end();
    open.delete(oldestId);
  };

  const spanFor = (message: OutboundMessage, provider: string): Span => {
    const existing = open.get(message.envelope.id);
    if (existing) return existing;
    // Sent again later by the outbox (this process or another): a span in the message's own trace.
    const span = tracer.startSpan(
      'switchboard.outbox.resend',
      { kind: SpanKind.PRODUCER, attributes: attributesOf(message, provider) },
      contextFromEnvelope(message.envelope),
    );
    track(message.envelope.id, span);
    return span;
  };

  return {
    prepared(messages) {
      for (const message of messages) {
        const span = tracer.startSpan(`publish ${message.channel.definition.template}`, {
          kind: SpanKind.PRODUCER,
          attributes: attributesOf(message),
        });
        injectTraceContext(message.envelope, span);
        track(message.envelope.id, span);
      }
    },
    recorded(messages) {
      for (const message of messages) open.get(message.envelope.id)?.addEvent('switchboard.outbox.recorded');
    },
    send(batch, provider) {
      const spans = batch.map((message) => spanFor(message, provider));
      for (const span of spans) span.setAttribute('switchboard.provider', provider);
      return {
        attempt(attempt, messages) {
          if (attempt === 0) return;
          instruments.retries.add(messages.length, { 'switchboard.provider': provider });
          for (const message of messages) open.get(message.envelope.id)?.addEvent('switchboard.retry', { 'switchboard.attempt': attempt });
        },
        attemptFailed(error) {
          for (const span of spans) span.addEvent('switchboard.attempt.failed', { 'error.type': String(codeOf(error) ?? 'unknown') });
        },
        end(report) {
          if (report.delivered.length > 0) instruments.published.add(report.delivered.length, { 'switchboard.provider': provider });
          for (const message of report.delivered) {
            open.get(message.envelope.id)?.end();
            open.delete(message.envelope.id);
          }
          for (const { message, error } of report.failed) {
            const reason = String(codeOf(error) ?? 'unknown');
            instruments.dropped.add(1, { 'switchboard.provider': provider, 'switchboard.drop.reason': reason });
            const span = open.get(message.envelope.id);
            span?.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : reason });
            span?.setAttribute('error.type', reason);
            span?.end();
            open.delete(message.envelope.id);
          }
        },
      };
    },
  };
}
