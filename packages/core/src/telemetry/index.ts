/**
 * @switchboard/core/telemetry — OpenTelemetry for Switchboard, through `@opentelemetry/api` only (an
 * optional peer dependency: install it to use this entry; without a registered SDK everything here
 * is a no-op). Spans for publish (retries, outbox hand-off), hub broadcast and subscriber delivery,
 * one trace across processes through the envelope's `traceparent`; metrics for published,
 * delivered, dropped by reason, retries, gaps, outbox backlog and publish→deliver latency.
 * Server-side only: browser bundles never import it.
 *
 * @module @switchboard/core/telemetry
 */
export type { HubBroadcastMessage, HubObserver } from './hub-observer.js';
export { type HubTelemetryOptions, openTelemetryHub } from './hub-telemetry.js';
export { INSTRUMENTATION_NAME } from './instruments.js';
export type { ObservedSend, PublishObserver } from './publish-observer.js';
export { openTelemetryPublisher, type PublisherTelemetryOptions } from './publisher-telemetry.js';
export { type SubscriberTelemetryOptions, tracedSubscriberTransport } from './subscriber-telemetry.js';
export { contextFromEnvelope, envelopeSpanContext, injectTraceContext } from './trace-context.js';
