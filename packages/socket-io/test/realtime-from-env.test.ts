/**
 * `realtimeFromEnv` (core/server) with the Socket.IO adapter's `attachToServer`: no REALTIME_PROVIDER
 * means the hub embedded in the app's own HTTP server, browsers sent to the origin they asked on
 * (not a hard-coded URL), and a message published through the returned publisher reaches a real
 * subscriber built from the returned auth handler. Malformed variables are named before listening.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@switchboard/core/auth';
import { createSubscriber, defineChannel, RealtimeError, type StandardSchemaV1 } from '@switchboard/core/client';
import { allow, ownerOnly, realtimeFromEnv, type ServerRealtime } from '@switchboard/core/server';
import { Collector } from '@switchboard/testing';
import { afterEach, describe, expect, it } from 'vitest';

const order: StandardSchemaV1<{ orderId: string }> = {
  '~standard': {
    version: 1,
    vendor: 'socket-io-tests',
    validate: (value) =>
      typeof (value as { orderId?: unknown })?.orderId === 'string'
        ? { value: value as { orderId: string } }
        : { issues: [{ message: 'orderId must be a string' }] },
  },
};
const orders = defineChannel('orders:user:{userId}', {
  access: 'private',
  events: { 'order:updated': order },
});
const channels = [orders];
const rules = [allow(orders, ownerOnly('userId'))];
const authenticate = (request: Request) => {
  const id = request.headers.get('x-user');
  return id ? { id } : null;
};

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  cleanup = [];
});

async function serve(env: Record<string, string | undefined>): Promise<{ realtime: ServerRealtime; base: string; server: Server }> {
  let handler: ReturnType<typeof toNodeHandler> | undefined;
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/api/realtime') && handler) return void handler(request, response);
    response.writeHead(404).end();
  });
  const realtime = await realtimeFromEnv({ channels, rules, authenticate, server, env });
  handler = toNodeHandler(realtime.authHandler);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  cleanup.push(
    () => realtime.close(),
    () => new Promise<void>((done) => server.close(() => done())),
  );
  return { realtime, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('realtimeFromEnv with the embedded Socket.IO hub', () => {
  it('defaults to the hub in the app server, sends browsers to the origin they asked on, and delivers', async () => {
    const { realtime, base } = await serve({});
    expect(realtime.provider).toBe('socket-io');
    const discovery = await (await fetch(`${base}/api/realtime?v=1`)).json();
    expect(discovery).toEqual({ provider: 'socket-io', config: { url: base } });

    const subscriber = createSubscriber({
      authEndpoint: `${base}/api/realtime`,
      authHeaders: () => ({ 'x-user': '42' }),
      adapters: { 'socket-io': () => import('../src/subscriber/index.js') },
    });
    cleanup.push(() => subscriber.close());
    const received = new Collector<string>();
    const subscription = subscriber.subscribe(orders({ userId: '42' }), 'order:updated', (order) => received.push(order.orderId));
    await subscription.ready;
    expect(subscriber.state).toBe('connected');
    await realtime.publisher.publish(orders({ userId: '42' }), 'order:updated', { orderId: 'A-1' });
    expect(await received.toHave(1)).toEqual(['A-1']);
  });

  it('sends browsers to SOCKET_IO_URL when set (a public URL behind a proxy)', async () => {
    const { base } = await serve({ REALTIME_PROVIDER: 'socket-io', SOCKET_IO_URL: 'https://realtime.example.com' });
    expect(await (await fetch(`${base}/api/realtime`)).json()).toEqual({
      provider: 'socket-io',
      config: { url: 'https://realtime.example.com' },
    });
  });

  it('names a malformed variable before the server listens', async () => {
    const variableOf = async (env: Record<string, string>) => {
      const error = await realtimeFromEnv({ channels, rules, authenticate, server: createServer(), env }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(RealtimeError.isInstance(error, 'CONFIG')).toBe(true);
      return (error as RealtimeError).details?.variable;
    };
    expect(await variableOf({ SOCKET_IO_SECRET: 'short' })).toBe('SOCKET_IO_SECRET');
    expect(await variableOf({ SOCKET_IO_URL: 'localhost:3000' })).toBe('SOCKET_IO_URL');
    expect(await variableOf({ REALTIME_PROVIDER: 'carrier-pigeon' })).toBe('REALTIME_PROVIDER');
    expect(await variableOf({ REALTIME_PROVIDER: 'pusher', PUSHER_APP_ID: '1', PUSHER_KEY: 'k', PUSHER_CLUSTER: 'eu' })).toBe(
      'PUSHER_SECRET',
    );
    expect(await variableOf({ REALTIME_PROVIDER: 'ably', ABLY_API_KEY: 'bad' })).toBe('ABLY_API_KEY');
  });
});
