// metrics-proxy.ts — Prometheus cannot sign requests: a route of your app (or a sidecar) scrapes the hub for it.
import { hubAdminClient } from '@switchboard/socket-io';

const admin = hubAdminClient({ url: process.env.SOCKET_IO_URL ?? '', secret: process.env.SOCKET_IO_SECRET ?? '' });

// Serve it where only Prometheus reaches (an internal port, or behind your own auth).
export async function GET(): Promise<Response> {
  return new Response(await admin.metrics(), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
}
