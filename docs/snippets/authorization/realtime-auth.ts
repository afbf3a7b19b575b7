// server/realtime-auth.ts — one handler for every provider.
import { createAuthHandler, jwtAuthenticator } from '@switchboard/core/auth';
import { authorizerFromEnv } from '@switchboard/core/server';
import { conversation, progress } from './channels.js';
import { rules } from './rules.js';

export const realtimeAuth = createAuthHandler({
  authenticate: jwtAuthenticator({ secret: process.env.JWT_SECRET ?? '' }), // or your own, see below
  channels: [progress, conversation],
  rules,
  // REALTIME_PROVIDER and that provider's variables (the same ones publisherFromEnv reads, emulator
  // hosts included); a missing or malformed variable fails here, at startup, with its name.
  authorizer: await authorizerFromEnv(),
});
