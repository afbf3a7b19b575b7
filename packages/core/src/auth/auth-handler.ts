/**
 * The one auth endpoint: a Web-standard `(Request) => Promise<Response>` that runs unchanged in
 * Next.js route handlers, Netlify and Vercel functions, Hono, Deno and Bun (Node http and Express
 * through `toNodeHandler`). GET tells a browser which provider to use; POST issues a credential.
 */
import type { AccessRules } from '../access.js';
import { type AnyChannelDefinition, type AuthUser, isChannelDefinition } from '../channel.js';
import { RealtimeError } from '../errors.js';
import { answerHistoryRequest, isHistoryRequest } from '../history/history-endpoint.js';
import type { HistoryStore } from '../history/history-store.js';
import { assertAuthUser } from './auth-user.js';
import type { ProviderAuthorizer } from './authorizer.js';
import { createChannelChecker } from './channel-checker.js';
import { errorResponse, jsonResponse, responseForError } from './error-response.js';
import type { ProviderDiscovery } from './provider-discovery.js';
import { DEFAULT_MAX_BODY_BYTES, readRequestBody } from './request-body.js';

/** Finds the signed-in user of a request (cookie, session, bearer JWT), or `null` when there is none. */
export type Authenticate = (request: Request) => AuthUser | null | undefined | Promise<AuthUser | null | undefined>;

/** An authorizer, or a function choosing one per request (for example from `REALTIME_PROVIDER`). */
export type AuthorizerSource = ProviderAuthorizer | ((request: Request) => ProviderAuthorizer | Promise<ProviderAuthorizer>);

/** Options of {@link createAuthHandler}. */
export interface AuthHandlerOptions {
  /** The app's authentication; a `null` user is answered with 401. See `jwtAuthenticator`. */
  authenticate: Authenticate;
  /**
   * Every channel definition browsers may ask for; any other name is refused with 400. No two
   * templates may match the same name (CONFIG at creation, naming both).
   */
  channels: readonly AnyChannelDefinition[];
  /**
   * Access rules (`allow(channel, (user, params) => …)`). Channels without one fall back to the
   * definition's `authorize`, then public channels are open and the rest refused (default deny).
   * @default []
   */
  rules?: AccessRules;
  /** The provider's credential issuer: `ablyAuthorizer(…)`, `pusherAuthorizer(…)`, `socketIoAuthorizer(…)`. */
  authorizer: AuthorizerSource;
  /**
   * Largest request body read; bigger ones get 413.
   * @default 16384
   */
  maxBodyBytes?: number;
  /**
   * Whether GET (provider discovery) also needs a signed-in user. The answer only holds public
   * connection parameters, so it is open by default.
   * @default false
   */
  authenticateDiscovery?: boolean;
  /**
   * Hears every unexpected failure (answered with a generic 500/503) so the app can log it.
   * @default logs with console.error
   */
  onError?: (error: unknown, request: Request) => void;
  /**
   * History store (`@switchboard/core/history`): the endpoint then also answers history requests
   * (`{ history: { channel, since?, before?, limit?, direction? } }`, what `createHistoryClient`
   * sends) for users the rules let subscribe to the channel. See docs/history.md.
   * @default undefined (history requests get 400 UNSUPPORTED)
   */
  history?: HistoryStore;
}

/** A Web-standard request handler. */
export type AuthHandler = (request: Request) => Promise<Response>;

function assertOptions(options: AuthHandlerOptions): void {
  if (typeof options?.authenticate !== 'function') {
    throw new RealtimeError('CONFIG', 'createAuthHandler: `authenticate(request)` must be a function returning the user or null');
  }
  if (!Array.isArray(options.channels) || options.channels.length === 0 || !options.channels.every(isChannelDefinition)) {
    throw new RealtimeError('CONFIG', 'createAuthHandler: `channels` must list the channel definitions (made by defineChannel)');
  }
  if (!options.authorizer || (typeof options.authorizer !== 'function' && typeof options.authorizer.authorize !== 'function')) {
    throw new RealtimeError('CONFIG', 'createAuthHandler: `authorizer` must be a ProviderAuthorizer or a function returning one');
  }
  for (const entry of options.rules ?? []) {
    if (!options.channels.includes(entry.channel)) {
      throw new RealtimeError('CONFIG', `createAuthHandler: a rule names "${entry.channel.template}", which is not in \`channels\``, {
        details: { template: entry.channel.template },
      });
    }
  }
  const max = options.maxBodyBytes;
  if (max !== undefined && (!Number.isInteger(max) || max <= 0)) {
    throw new RealtimeError('CONFIG', 'createAuthHandler: `maxBodyBytes` must be a positive integer');
  }
}

/**
 * A user without a string id is an app bug, reported as a 500 rather than blamed on the client; a
 * string id no provider may carry (`*`, reserved, too long, control characters) is INVALID_USER (403).
 */
function assertUser(user: AuthUser): AuthUser {
  if (typeof user !== 'object' || typeof user.id !== 'string') {
    throw new Error('authenticate(request) returned a user without a string `id`');
  }
  assertAuthUser(user);
  return user;
}

const unauthorized = () => errorResponse(401, 'UNAUTHORIZED', 'Sign in first: the request carries no valid user credential');

/**
 * Creates the auth endpoint.
 *
 * @example
 * // app/api/realtime/route.ts (Next.js)
 * const handler = createAuthHandler({ authenticate, channels: [progress], authorizer: ablyAuthorizer({ apiKey }) });
 * export { handler as GET, handler as POST };
 */
export function createAuthHandler(options: AuthHandlerOptions): AuthHandler {
  assertOptions(options);
  const checker = createChannelChecker(options.channels, options.rules ?? []);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const report = options.onError ?? ((error: unknown) => console.error('[switchboard] auth handler failed:', error));
  const source = options.authorizer;
  const resolveAuthorizer = async (request: Request): Promise<ProviderAuthorizer> =>
    typeof source === 'function' ? await source(request) : source;

  async function discovery(request: Request): Promise<Response> {
    if (options.authenticateDiscovery && !(await options.authenticate(request))) return unauthorized();
    const authorizer = await resolveAuthorizer(request);
    const body: ProviderDiscovery = { provider: authorizer.provider, config: authorizer.publicConfig() };
    if (authorizer.switchable) body.switchable = true;
    return jsonResponse(200, body);
  }

  async function credential(request: Request): Promise<Response> {
    const found = await options.authenticate(request);
    if (!found && !options.history) return unauthorized();
    const body = await readRequestBody(request, maxBodyBytes);
    if (isHistoryRequest(body)) {
      const reader = found ? assertUser(found) : undefined;
      return jsonResponse(200, await answerHistoryRequest(options.history, checker, reader, body));
    }
    if (!found) return unauthorized();
    const user = assertUser(found);
    const authorizer = await resolveAuthorizer(request);
    const result = await authorizer.authorize({ user, body, check: (logicalName) => checker(user, logicalName) });
    return jsonResponse(200, result ?? null);
  }

  return async (request) => {
    try {
      if (request.method === 'GET') return await discovery(request);
      if (request.method === 'POST') return await credential(request);
      return errorResponse(405, 'METHOD_NOT_ALLOWED', 'Use GET for the provider, POST for a credential', { allow: 'GET, POST' });
    } catch (error) {
      const response = responseForError(error);
      if (response.status >= 500) report(error, request);
      return response;
    }
  };
}
