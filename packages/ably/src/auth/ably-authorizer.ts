/**
 * Token issuing for the auth endpoint: turns "this user asks for these channels" into an Ably
 * TokenRequest whose capability lists only the channels the access rules allow — subscribe-only,
 * plus presence on presence channels, plus publish on the client-event channel of a channel that
 * declares client events — for clientId = the user's id.
 */
import { assertAuthUser, declaresClientEvents, type ProviderAuthorizer, RealtimeError } from '@switchboard/core';
import type { AblyHostOptions } from '../capabilities.js';
import { ablyChannelName } from '../channel-names.js';
import { clientEventChannelName } from '../client-event-channel.js';
import { PROVIDER } from '../errors.js';
import { createServiceClock } from './service-clock.js';
import { parseApiKey, signTokenRequest } from './token-request.js';

export interface AblyAuthorizerOptions extends AblyHostOptions {
  /** The Ably API key (`appId.keyId:secret`); it signs TokenRequests and never leaves the server. */
  apiKey: string;
  /**
   * Lifetime of issued tokens; the subscriber renews them before they expire.
   * @default 3600000 (1 hour)
   */
  ttlMs?: number;
  /**
   * Most channels one token request may list.
   * @default 100
   */
  maxChannels?: number;
  /**
   * Sign TokenRequests with Ably's time (`GET /time`, queried once and refreshed every 10 minutes)
   * instead of this server's clock. Ably refuses a TokenRequest more than 2 minutes off its clock
   * (40104); turn this on where the server clock is not kept in sync (no NTP). Ably's `queryTime`.
   * @default false
   */
  queryTime?: boolean;
}

function badRequest(message: string): RealtimeError {
  return new RealtimeError('VALIDATION_FAILED', message, { provider: PROVIDER });
}

/**
 * The Ably {@link ProviderAuthorizer}: the body is `{ channels: string[] }` (logical names); every
 * channel must pass the access rules, or the whole request is refused with FORBIDDEN and the reason.
 */
export function ablyAuthorizer(options: AblyAuthorizerOptions): ProviderAuthorizer {
  const key = parseApiKey(options.apiKey);
  const ttlMs = options.ttlMs ?? 3_600_000;
  const maxChannels = options.maxChannels ?? 100;
  if (!Number.isInteger(ttlMs) || ttlMs < 10_000 || ttlMs > 86_400_000) {
    throw new RealtimeError('CONFIG', 'ablyAuthorizer: ttlMs must be between 10 seconds and 24 hours', { provider: PROVIDER });
  }
  const clock = options.queryTime ? createServiceClock(options) : undefined;
  return {
    provider: PROVIDER,
    publicConfig() {
      return {
        ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.tls !== undefined ? { tls: options.tls } : {}),
      };
    },
    async authorize({ user, body, check }) {
      // The clientId of the token: `*` would let it act as any client (presence as anyone).
      assertAuthUser(user, PROVIDER);
      const channels = body.channels;
      if (!Array.isArray(channels) || channels.some((name) => typeof name !== 'string')) {
        throw badRequest('Ably token requests need a JSON body { "channels": ["<logical channel name>", ...] }');
      }
      if (channels.length === 0 || channels.length > maxChannels) throw badRequest(`List between 1 and ${maxChannels} channels`);
      const capability: Record<string, string[]> = {};
      for (const name of new Set(channels as string[])) {
        const verdict = await check(name);
        if (!verdict.allowed) {
          throw new RealtimeError('FORBIDDEN', `Access to "${name}" refused: ${verdict.reason ?? 'denied by the access rules'}`, {
            provider: PROVIDER,
            details: { channel: name, reason: verdict.reason },
          });
        }
        const definition = verdict.channel?.definition;
        capability[ablyChannelName(name)] = definition?.access === 'presence' ? ['presence', 'subscribe'] : ['subscribe'];
        // Whispers get a channel of their own, the only one a member may publish on.
        if (definition && declaresClientEvents(definition)) capability[clientEventChannelName(name)] = ['publish', 'subscribe'];
      }
      const timestamp = clock ? await clock.now() : undefined;
      return signTokenRequest(key, { clientId: user.id, ttlMs, capability, timestamp });
    },
  };
}
