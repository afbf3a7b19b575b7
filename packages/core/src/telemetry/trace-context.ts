/**
 * W3C trace context in the envelope (`traceparent`, `tracestate`), written and read by hand so no
 * propagator has to be registered: a publish in one process and its delivery in another form one
 * trace with nothing but an OpenTelemetry SDK on each side.
 */
import { type Context, context, type Span, type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import type { Envelope } from '../envelope.js';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Writes the span's context into the envelope. */
export function injectTraceContext(envelope: Envelope, span: Span): void {
  const spanContext = span.spanContext();
  if (!trace.isSpanContextValid(spanContext)) return;
  envelope.traceparent = `00-${spanContext.traceId}-${spanContext.spanId}-0${(spanContext.traceFlags & TraceFlags.SAMPLED).toString(16)}`;
  const state = spanContext.traceState?.serialize();
  if (state) envelope.tracestate = state;
  else delete envelope.tracestate;
}

/** The remote span context an envelope carries, when it carries a valid one. */
export function envelopeSpanContext(envelope: Partial<Envelope> | undefined): SpanContext | undefined {
  const match = typeof envelope?.traceparent === 'string' ? TRACEPARENT.exec(envelope.traceparent) : null;
  if (!match) return undefined;
  const spanContext: SpanContext = {
    traceId: match[1] as string,
    spanId: match[2] as string,
    traceFlags: Number.parseInt(match[3] as string, 16),
    isRemote: true,
  };
  return trace.isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** The context to start a span in: the envelope's trace when it has one, else `fallback`. */
export function contextFromEnvelope(envelope: Partial<Envelope> | undefined, fallback: Context = context.active()): Context {
  const spanContext = envelopeSpanContext(envelope);
  return spanContext ? trace.setSpanContext(fallback, spanContext) : fallback;
}
