/**
 * Demo sign-in: pick a user on the page, get a short-lived HS256 JWT for them. Every request after
 * that carries it as `Authorization: Bearer …` and is checked with core's `jwtAuthenticator`, the
 * way a real app checks tokens from its identity provider. Tokens live in sessionStorage, so two
 * tabs (or two browser contexts) can be two users.
 */
import { randomBytes } from 'node:crypto';
import { jwtAuthenticator } from '@switchboard/core/auth';
import type { AuthUser } from '@switchboard/core/server';
import { SignJWT } from 'jose';

/** A user of the demo. `id` is what access rules compare with channel params. */
export interface DemoUser {
  id: string;
  name: string;
}

/** The people you can sign in as. */
export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'ada', name: 'Ada Lovelace' },
  { id: 'grace', name: 'Grace Hopper' },
  { id: 'alan', name: 'Alan Turing' },
];

/** Signs tokens for demo users and verifies them on every request. */
export interface DemoSignIn {
  users: readonly DemoUser[];
  /** A token for `userId`, or `undefined` when there is no such demo user. */
  issueToken(userId: string): Promise<string | undefined>;
  /** The signed-in user of a request (bearer JWT), or `null`: the `authenticate` of `createAuthHandler`. */
  authenticate(request: Request): Promise<AuthUser | null>;
}

const TOKEN_LIFETIME = '12h';

/**
 * @param secret HS256 secret, at least 32 bytes. Defaults to `DEMO_JWT_SECRET`, else a random one
 *   per process (tokens then die with the server, which is what a demo wants).
 */
export function createDemoSignIn(secret = process.env.DEMO_JWT_SECRET ?? randomBytes(32).toString('hex')): DemoSignIn {
  const key = new TextEncoder().encode(secret);
  const authenticate = jwtAuthenticator({
    secret,
    userFromClaims: (claims) => {
      const user = DEMO_USERS.find((candidate) => candidate.id === claims.sub);
      return user ? { id: user.id, info: { name: user.name } } : null;
    },
  });
  return {
    users: DEMO_USERS,
    async issueToken(userId) {
      const user = DEMO_USERS.find((candidate) => candidate.id === userId);
      if (!user) return undefined;
      return new SignJWT({ name: user.name })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime(TOKEN_LIFETIME)
        .sign(key);
    },
    authenticate,
  };
}
