// server/realtime-auth.ts — one handler for every provider.
import { ablyAuthorizer } from '@switchboard/ably';
import { type ProviderAuthorizer, RealtimeError } from '@switchboard/core';
import { createAuthHandler, jwtAuthenticator } from '@switchboard/core/auth';
import { pusherAuthorizer } from '@switchboard/pusher';
import { socketIoAuthorizer } from '@switchboard/socket-io';
import { conversation, progress, rules } from './channels.js';

const env = process.env;
const authorizers: Record<string, () => ProviderAuthorizer> = {
  ably: () => ablyAuthorizer({ apiKey: env.ABLY_API_KEY ?? '' }),
  pusher: () => pusherAuthorizer({ key: env.PUSHER_KEY ?? '', secret: env.PUSHER_SECRET ?? '', cluster: env.PUSHER_CLUSTER ?? 'mt1' }),
  'socket-io': () => socketIoAuthorizer({ url: env.SOCKET_IO_URL ?? '', secret: env.SOCKET_IO_SECRET ?? '' }),
};

export const realtimeAuth = createAuthHandler({
  authenticate: jwtAuthenticator({ secret: env.JWT_SECRET ?? '' }), // or your own, see below
  channels: [progress, conversation],
  rules,
  // A function is called per request, so changing REALTIME_PROVIDER needs no rebuild.
  authorizer: () => {
    const create = authorizers[env.REALTIME_PROVIDER ?? ''];
    if (!create) throw new RealtimeError('CONFIG', `REALTIME_PROVIDER=${env.REALTIME_PROVIDER} has no authorizer`);
    return create();
  },
});
