// netlify/functions/realtime.ts — replaces ably-token.ts. GET: which provider; POST: a scoped token.
import { ablyAuthorizer } from '@switchboard/ably';
import { createAuthHandler, jwtAuthenticator } from '@switchboard/core/auth';
import { smsContacts, smsConversation, smsNotifications } from '@switchboard/schemas/sms';

export default createAuthHandler({
  authenticate: jwtAuthenticator({ secret: process.env.JWT_SECRET ?? '' }),
  // Each catalog channel is owner-only: `sms:{userId}:{contactId}` for user 42 is refused to user 7.
  channels: [smsConversation, smsContacts, smsNotifications],
  authorizer: ablyAuthorizer({ apiKey: process.env.ABLY_API_KEY ?? '' }),
});

export const config = { path: '/api/realtime' };
