// telemetry.ts — OpenTelemetry on the publisher, the hub and a worker's subscriber (register your SDK first, e.g. NodeSDK).
import { createSubscriberFromTransport } from '@switchboard/core';
import { publisherFromEnv } from '@switchboard/core/server';
import { openTelemetryHub, openTelemetryPublisher, tracedSubscriberTransport } from '@switchboard/core/telemetry';
import { createHub } from '@switchboard/socket-io';
import { createSubscriberTransport } from '@switchboard/socket-io/subscriber';
import { channels } from '../getting-started/contract.js';

// A span per publish (retries and the outbox hand-off as events); its context travels in the envelope.
export const publisher = publisherFromEnv(process.env, { telemetry: openTelemetryPublisher() });

// The hub continues the publisher's trace with a broadcast span per message.
export const hub = createHub({ channels, secret: process.env.SOCKET_IO_SECRET ?? '', telemetry: openTelemetryHub() });

// A worker's subscriber: a delivery span per message, child of the hub's, around synchronous handlers.
export const worker = createSubscriberFromTransport(
  tracedSubscriberTransport(createSubscriberTransport({ url: process.env.SOCKET_IO_URL ?? '', token: process.env.WORKER_TOKEN })),
);
