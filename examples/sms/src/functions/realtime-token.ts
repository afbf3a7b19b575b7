/**
 * `GET|POST /api/realtime` — the token function: tells the browser which provider to use (GET) and
 * issues a subscribe-only credential for the signed-in user's own channels (POST). JWT-guarded by
 * `jwtAuthenticator`; the access rules are the catalog's owner-only ones (`smsAccess`). It also
 * answers history reads from the page, under the same rules.
 */
import { type AuthorizerSource, createAuthHandler } from '@switchboard/core/auth';
import type { HistoryStore } from '@switchboard/core/history';
import { providerAnnouncements } from '@switchboard/core/server';
import { smsAccess } from '@switchboard/schemas/access';
import { smsContacts, smsConversation, smsNotifications } from '@switchboard/schemas/sms';
import type { Authenticate } from './guard.js';

export const SMS_CHANNELS = [smsConversation, smsContacts, smsNotifications] as const;

export function createRealtimeTokenFunction(options: { authenticate: Authenticate; authorizer: AuthorizerSource; history: HistoryStore }) {
  return createAuthHandler({
    authenticate: options.authenticate,
    // The announcements of a live provider switch (`pnpm demo --emulators`): public, a provider's name only.
    channels: [...SMS_CHANNELS, providerAnnouncements],
    rules: smsAccess,
    authorizer: options.authorizer,
    // History reads (page load, catch-up after a reconnect) under the same owner-only rules.
    history: options.history,
  });
}
