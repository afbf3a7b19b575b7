import type { ProviderAuthorizer } from '@switchboard/core';
import { assertAuthUser, RealtimeError } from '@switchboard/core';
import { PROVIDER } from '../constants.js';
import { assertHubSecret, signHubToken } from './hub-token.js';

/** Options of {@link socketIoAuthorizer}. */
export interface SocketIoAuthorizerOptions {
  /** The hub secret. */
  secret: string;
  /** The hub URL browsers connect to (public). */
  url: string;
  /**
   * Lifetime of each token; it only has to outlive the handshake.
   * @default 300
   */
  ttlSeconds?: number;
}

/**
 * The Socket.IO side of the auth handler: answers the browser with `{ token }`, a signed handshake
 * token for the authenticated user. Channel access is decided by the hub at each subscription, with
 * the same rules, so the token carries identity only.
 */
export function socketIoAuthorizer(options: SocketIoAuthorizerOptions): ProviderAuthorizer {
  assertHubSecret(options.secret, 'socketIoAuthorizer: secret (SOCKET_IO_SECRET)');
  if (typeof options.url !== 'string' || !/^(https?|wss?):\/\//.test(options.url)) {
    throw new RealtimeError('CONFIG', `socketIoAuthorizer: url must be an http(s) or ws(s) URL, got ${JSON.stringify(options.url)}`, {
      provider: PROVIDER,
    });
  }
  return {
    provider: PROVIDER,
    publicConfig: () => ({ url: options.url }),
    async authorize({ user }) {
      assertAuthUser(user, PROVIDER);
      const token = await signHubToken({ user, secret: options.secret, ttlSeconds: options.ttlSeconds ?? 300 });
      return { token };
    },
  };
}
