// netlify/functions/realtime.ts — replaces ably-token.ts. GET: which provider; POST: a scoped token.
import { createAuthHandler, jwtAuthenticator } from '@switchboard/core/auth';
import { authorizerFromEnv } from '@switchboard/core/server';
import { smsAccess } from '@switchboard/schemas/access';
import { smsContacts, smsConversation, smsNotifications } from '@switchboard/schemas/sms';

export default createAuthHandler({
  authenticate: jwtAuthenticator({
    secret: process.env.JWT_SECRET ?? '',
    // The login endpoint's tokens carry the user in a `userId` claim (not `sub`): map it once, here.
    userFromClaims: (claims) => (typeof claims.userId === 'string' ? { id: claims.userId } : null),
  }),
  channels: [smsConversation, smsContacts, smsNotifications],
  // Each catalog channel is owner-only: `sms:{userId}:{contactId}` for user 42 is refused to user 7.
  rules: smsAccess,
  // REALTIME_PROVIDER=ably + ABLY_API_KEY, as the publisher reads them; a malformed one fails the cold start, named.
  authorizer: await authorizerFromEnv(),
});

export const config = { path: '/api/realtime' };
