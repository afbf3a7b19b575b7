// realtime-server.ts — the only file that knows which provider runs. REALTIME_PROVIDER and that
// provider's variables decide; application code imports `publisher` and `realtimeAuth` only.
import { ablyAuthorizer } from '@switchboard/ably';
import { type ProviderAuthorizer, publisherFromEnv, RealtimeError } from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { pusherAuthorizer } from '@switchboard/pusher';
import { socketIoAuthorizer } from '@switchboard/socket-io';
import { channels } from '../getting-started/contract.js';
import { currentUser } from '../your-app/session.js';

const env = process.env;

// Reads REALTIME_PROVIDER plus ABLY_API_KEY, or PUSHER_APP_ID/KEY/SECRET/CLUSTER, or
// SOCKET_IO_URL/SOCKET_IO_SECRET (or REDIS_URL). A missing variable is a CONFIG error naming it.
export const publisher = publisherFromEnv(env);

function authorizerFromEnv(): ProviderAuthorizer {
  switch (env.REALTIME_PROVIDER) {
    case 'ably':
      return ablyAuthorizer({ apiKey: env.ABLY_API_KEY ?? '' });
    case 'pusher':
      return pusherAuthorizer({ key: env.PUSHER_KEY ?? '', secret: env.PUSHER_SECRET ?? '', cluster: env.PUSHER_CLUSTER ?? 'mt1' });
    case 'socket-io':
      return socketIoAuthorizer({ url: env.SOCKET_IO_URL ?? '', secret: env.SOCKET_IO_SECRET ?? '' });
    default:
      throw new RealtimeError('CONFIG', `REALTIME_PROVIDER=${env.REALTIME_PROVIDER} has no authorizer here`);
  }
}

// Mount as GET and POST /api/realtime. A function of the request is resolved per request, so a
// changed environment takes effect without rebuilding the frontend.
export const realtimeAuth = createAuthHandler({ authenticate: currentUser, channels, authorizer: () => authorizerFromEnv() });
