import type { Socket } from 'socket.io';
import { verifyHubToken } from '../auth/hub-token.js';
import type { HandshakeRefusal } from '../constants.js';
import type { ConnectionData } from './connection-data.js';

type Next = (error?: Error) => void;

function refusal(reason: string, expired: boolean): Error {
  const error = new Error(`Unauthorized: ${reason}`) as Error & { data: HandshakeRefusal };
  error.data = { code: 'UNAUTHORIZED', reason, expired };
  return error;
}

/**
 * The Socket.IO middleware that turns the handshake token into the connection's user. Refusals
 * reach the client as `connect_error` with a reason; without a token the connection is anonymous
 * (when allowed) and can only use what the rules grant anonymous users.
 */
export function handshakeAuthenticator(secret: string, allowAnonymous: boolean): (socket: Socket, next: Next) => void {
  return (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === undefined || token === null || token === '') {
      if (!allowAnonymous) return next(refusal('a token is required', false));
      socket.data = { user: undefined, presence: {} } satisfies ConnectionData;
      return next();
    }
    verifyHubToken(token, secret).then(
      (user) => {
        socket.data = { user, presence: {} } satisfies ConnectionData;
        next();
      },
      (error: { details?: { reason?: string; expired?: boolean } }) =>
        next(refusal(error.details?.reason ?? 'invalid token', error.details?.expired === true)),
    );
  };
}
