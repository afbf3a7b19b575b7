/**
 * Shared fixtures of the auth tests: catalog-style channel definitions, a session-cookie
 * authenticator and a small ProviderAuthorizer that records every credential it issues, so tests
 * can prove a refused request never produced one.
 */
import {
  type AuthUser,
  allow,
  assertChannelAllowed,
  defineChannel,
  ownerOnly,
  type ProviderAuthorizer,
  type ProviderName,
  RealtimeError,
  type StandardSchemaV1,
} from '@switchboard/core';
import { type AuthHandlerOptions, createAuthHandler } from '@switchboard/core/auth';

/** A pass-through Standard Schema validator. */
export function anything<T = unknown>(): StandardSchemaV1<T, T> {
  return { '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value: value as T }) } };
}

/** Owner-only via the definition's default rule, as the catalogs declare it. */
export const progress = defineChannel('progress:user:{userId}', {
  access: 'private',
  events: { 'lesson:updated': anything() },
  authorize: ownerOnly('userId'),
});

/** Membership decided by an asynchronous rule (a database lookup in a real app). */
export const conversation = defineChannel('conversation:{conversationId}', {
  access: 'presence',
  events: { 'message:created': anything() },
});

export const announcements = defineChannel('announcements', { access: 'public', events: { 'notice:posted': anything() } });

/** Declared but given no rule: refused for everyone (default deny). */
export const auditLog = defineChannel('audit:{tenantId}', { access: 'private', events: { 'entry:added': anything() } });

/** A rule that fails unexpectedly, like a database outage. */
export const fragile = defineChannel('fragile:{id}', { access: 'private', events: { 'thing:changed': anything() } });

// A Map, not an object literal: the property tests try names such as conversation:constructor, which
// an object lookup answers with Object's own members instead of "no such conversation".
export const members = new Map<string, string[]>([
  ['c1', ['42', '7']],
  ['c2', ['7']],
]);

export const rules = [
  allow(conversation, async (user, { conversationId }) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return members.get(conversationId)?.includes(user.id) ? true : { allowed: false, reason: 'not a member of this conversation' };
  }),
  allow(fragile, () => {
    throw new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
  }),
];

export const channels = [progress, conversation, announcements, auditLog, fragile];

/** `Cookie: session=<user id>`; anything else is anonymous. */
export const users: Record<string, AuthUser> = {
  'session-42': { id: '42', info: { name: 'Ada' } },
  'session-7': { id: '7', info: { name: 'Grace' } },
};
export function cookieAuthenticate(request: Request): AuthUser | null {
  const session = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return (session && users[session]) || null;
}

export interface IssuedCredential {
  provider: ProviderName;
  userId: string;
  channel: string;
}

/**
 * A Pusher-shaped authorizer: reads `channel_name` from a form or JSON body, asks `check`, and
 * "signs" the channel for the server-side user. `issued` lists every credential handed out.
 */
export function recordingAuthorizer(provider: ProviderName = 'memory', config: Record<string, unknown> = {}) {
  const issued: IssuedCredential[] = [];
  const authorizer: ProviderAuthorizer = {
    provider,
    publicConfig: () => config,
    async authorize({ user, body, check }) {
      const name = body.channel_name;
      if (typeof name !== 'string') {
        throw new RealtimeError('VALIDATION_FAILED', 'channel_name must be a string');
      }
      assertChannelAllowed(await check(name), name);
      issued.push({ provider, userId: user.id, channel: name });
      return { auth: `${provider}:${user.id}:${name}`, channel_data: JSON.stringify({ user_id: user.id, user_info: user.info }) };
    },
  };
  return { authorizer, issued };
}

export function handlerWith(overrides: Partial<AuthHandlerOptions> = {}) {
  const { authorizer, issued } = recordingAuthorizer();
  const errors: unknown[] = [];
  const handler = createAuthHandler({
    authenticate: cookieAuthenticate,
    channels,
    rules,
    authorizer,
    onError: (error) => errors.push(error),
    ...overrides,
  });
  return { handler, issued, errors };
}

const ENDPOINT = 'http://app.test/api/realtime';

/** A POST as pusher-js sends it: a form body. */
export function formRequest(fields: Record<string, string>, session = 'session-42'): Request {
  return new Request(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `session=${session}` },
    body: new URLSearchParams(fields).toString(),
  });
}

/** A POST with a JSON body. */
export function jsonRequest(body: unknown, session = 'session-42', headers: Record<string, string> = {}): Request {
  return new Request(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `session=${session}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return body.error;
}
