// server.ts — one Node process: your routes, the realtime auth endpoint and the embedded hub.
import { createServer } from 'node:http';
import { createAuthHandler, toNodeHandler } from '@switchboard/core/auth';
import { createPublisher } from '@switchboard/core/server';
import { socketIoAuthorizer } from '@switchboard/socket-io';
import { createHub } from '@switchboard/socket-io/hub';
import { currentUser } from '../your-app/session.js';
import { channels, orderUpdates } from './contract.js';
import { rules } from './rules.js';

const secret = process.env.SOCKET_IO_SECRET ?? 'dev-only-secret-change-me-0123456789'; // at least 32 bytes

const realtimeAuth = toNodeHandler(
  createAuthHandler({
    authenticate: currentUser,
    channels,
    rules,
    authorizer: socketIoAuthorizer({ url: 'http://localhost:3000', secret }),
  }),
);

const server = createServer((request, response) => {
  if (request.url === '/api/realtime') return void realtimeAuth(request, response);
  response.writeHead(404).end();
});

const hub = createHub({ channels, rules, secret });
await hub.attach(server);
server.listen(3000);

export const publisher = createPublisher({ provider: 'socket-io', hub });

// Anywhere in the backend, e.g. after the order was saved:
export async function orderShipped(userId: string, orderId: string): Promise<void> {
  await publisher.publish(orderUpdates({ userId }), 'order:updated', { orderId, status: 'shipped' });
}
