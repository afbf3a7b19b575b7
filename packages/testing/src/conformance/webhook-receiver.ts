/**
 * A webhook endpoint for tests: `createWebhookHandler` on a local HTTP server, collecting the
 * events it accepted and the status of every delivery, so a test can point an emulator or a hub
 * at it and check what arrived — and what was refused.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@switchboard/core/auth';
import { createWebhookHandler, type WebhookEvent, type WebhookHandlerOptions } from '@switchboard/core/webhooks';
import { Collector } from '../wait.js';

/** A running webhook endpoint. */
export interface WebhookReceiver {
  /** The URL to send webhooks to. */
  url: string;
  /** Events accepted, in order. */
  events: Collector<WebhookEvent>;
  /** Status of every delivery answered. */
  statuses: number[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts a webhook endpoint on 127.0.0.1 with the given sources. */
export async function startWebhookReceiver(options: Omit<WebhookHandlerOptions, 'onEvent'>): Promise<WebhookReceiver> {
  const events = new Collector<WebhookEvent>();
  const statuses: number[] = [];
  const handler = createWebhookHandler({ ...options, onEvent: (event) => events.push(event) });
  const node = toNodeHandler(async (request) => {
    const response = await handler(request);
    statuses.push(response.status);
    return response;
  });
  const server = createServer((request, response) => void node(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    events,
    statuses,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
