// realtime-server.ts — the only file that knows which provider runs. REALTIME_PROVIDER and that
// provider's variables decide; application code imports `publisher` and `realtimeAuth` only.
import { createAuthHandler } from '@switchboard/core/auth';
import { authorizerFromEnv, publisherFromEnv } from '@switchboard/core/server';
import { channels } from '../getting-started/contract.js';
import { rules } from '../getting-started/rules.js';
import { currentUser } from '../your-app/session.js';

// The adapter named by REALTIME_PROVIDER reads its own variables (ABLY_API_KEY; PUSHER_APP_ID/KEY/
// SECRET with PUSHER_CLUSTER or PUSHER_HOST; SOCKET_IO_URL/SOCKET_IO_SECRET or REDIS_URL). Awaiting
// the authorizer at startup checks them all: a missing or malformed one is a CONFIG error naming it.
const authorizer = await authorizerFromEnv();
export const publisher = publisherFromEnv();

// Mount as GET and POST /api/realtime. The authorizer reads the same variables as the publisher,
// emulator hosts included, so browsers connect where the server publishes.
export const realtimeAuth = createAuthHandler({
  authenticate: currentUser,
  channels,
  rules,
  authorizer,
});
