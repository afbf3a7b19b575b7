// backend: GET+POST /api/chat/realtime — replaces GET /api/chat/realtime/token.
import { createAuthHandler, jwtAuthenticator } from '@switchboard/core/auth';
import { authorizerFromEnv } from '@switchboard/core/server';
import { conversationAccess } from '@switchboard/schemas/access';
import { conversation } from '@switchboard/schemas/conversations';
import { database } from '../your-app/database.js';

export const chatRealtime = createAuthHandler({
  // The Supabase access token, verified against the project's JWT secret; `sub` is the user id.
  authenticate: jwtAuthenticator({ secret: process.env.SUPABASE_JWT_SECRET ?? '', audience: 'authenticated' }),
  channels: [conversation],
  // Ownership is checked before a token is issued, per conversation — not `conversation:*`.
  rules: [conversationAccess((userId, conversationId) => database.isConversationOwner(userId, conversationId))],
  // REALTIME_PROVIDER=ably + ABLY_API_KEY, the variables the worker reads too: a token lists only the
  // channels asked for and allowed, subscribe-only, clientId = user id, 1 hour.
  authorizer: await authorizerFromEnv(),
});
