// server.ts — one Node process: the page, your routes, the realtime auth endpoint and the provider
// the environment names (by default the Socket.IO hub, embedded in this server).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { toNodeHandler } from '@switchboard/core/auth';
import { realtimeFromEnv } from '@switchboard/core/server';
import { channels, orderUpdates } from './contract.js';
import { rules } from './rules.js';
import { currentUser, demoUser } from './session.js';

const server = createServer(async (request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (pathname === '/api/realtime') return realtimeAuth(request, response);
  // Your backend's own route: marks an order shipped, which publishes the update.
  const shipped = /^\/api\/orders\/([\w-]{1,64})\/shipped$/.exec(pathname);
  if (shipped?.[1] && request.method === 'POST') {
    const user = demoUser(request.headers['x-demo-user']?.toString());
    if (!user) return void response.writeHead(401).end();
    await orderShipped(user.id, shipped[1]);
    return void response.writeHead(204).end();
  }
  // The page: index.html and the bundle esbuild wrote to public/.
  const file = pathname === '/' ? 'index.html' : pathname.slice(1);
  const body = /^[\w-]+\.(html|js)$/.test(file) ? await readFile(`public/${file}`).catch(() => undefined) : undefined;
  if (!body) return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body);
});

// REALTIME_PROVIDER unset: the hub attaches to `server`. `pusher` or `ably`: their variables (step 6).
export const realtime = await realtimeFromEnv({ channels, rules, authenticate: currentUser, server });
const realtimeAuth = toNodeHandler(realtime.authHandler);

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`Listening on http://localhost:${port} (${realtime.provider})`));

// Anywhere in the backend, e.g. after the order was saved:
export async function orderShipped(userId: string, orderId: string): Promise<void> {
  await realtime.publisher.publish(orderUpdates({ userId }), 'order:updated', { orderId, status: 'shipped' });
}
