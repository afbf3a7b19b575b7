import type { AuthUser } from '@switchboard/core';
import type { Socket } from 'socket.io';
import { readHubToken, type VerifiedHubToken } from '../auth/hub-token.js';
import type { HandshakeRefusal } from '../constants.js';
import type { ConnectionData } from './connection-data.js';
import type { Revocations } from './revocations.js';

type Next = (error?: Error) => void;

export interface HandshakeContext {
  secret: string;
  allowAnonymous: boolean;
  revocations: Revocations;
}

/** What a handshake's credentials come to: a user (or anonymous), or a refusal. */
export type HandshakeVerdict =
  | { ok: true; user: AuthUser | undefined; issuedAt?: number | undefined }
  | { ok: false; reason: string; expired: boolean };

/** Checks the token a client sent (`handshake.auth.token`): signature, validity, revocation. */
export async function checkHandshake(auth: unknown, context: HandshakeContext): Promise<HandshakeVerdict> {
  const token = (auth as { token?: unknown } | undefined)?.token;
  if (token === undefined || token === null || token === '') {
    if (!context.allowAnonymous)
      return { ok: false, reason: 'a token is required (this hub does not allow anonymous connections)', expired: false };
    return { ok: true, user: undefined };
  }
  let verified: VerifiedHubToken;
  try {
    verified = await readHubToken(token, context.secret);
  } catch (error) {
    const details = (error as { details?: { reason?: string; expired?: boolean } }).details;
    return { ok: false, reason: details?.reason ?? 'invalid token', expired: details?.expired === true };
  }
  if (context.revocations.revoked(verified.user.id, verified.issuedAt)) {
    // A token issued after the revocation is accepted: whether to issue one is the auth endpoint's call.
    return { ok: false, reason: 'token revoked: the server disconnected this user', expired: true };
  }
  return { ok: true, user: verified.user, issuedAt: verified.issuedAt };
}

export function handshakeRefusal(reason: string, expired: boolean): Error {
  const error = new Error(`Unauthorized: ${reason}`) as Error & { data: HandshakeRefusal };
  error.data = { code: 'UNAUTHORIZED', reason, expired };
  return error;
}

/**
 * The Socket.IO middleware that turns the handshake token into the connection's user. Refusals
 * reach the client as `connect_error` with a reason; without a token the connection is anonymous
 * (when allowed) and can only use what the rules grant anonymous users.
 */
export function handshakeAuthenticator(context: HandshakeContext): (socket: Socket, next: Next) => void {
  return (socket, next) => {
    checkHandshake(socket.handshake.auth, context).then(
      (verdict) => {
        if (!verdict.ok) return next(handshakeRefusal(verdict.reason, verdict.expired));
        // A recovered socket (when the middlewares run on recovery) keeps its state, for its own user only.
        const restored = socket.recovered ? (socket.data as Partial<ConnectionData> | undefined) : undefined;
        if (restored && restored.user?.id !== verdict.user?.id) return next(handshakeRefusal('the session belongs to another user', false));
        socket.data = {
          user: verdict.user,
          presence: restored?.presence ?? {},
          subscriptions: restored?.subscriptions ?? [],
          issuedAt: verdict.issuedAt,
        } satisfies ConnectionData;
        next();
      },
      (error: unknown) => next(handshakeRefusal(`handshake failed: ${(error as Error).message}`, false)),
    );
  };
}
