/**
 * @switchboard/core/auth — the server side of authorization: `createAuthHandler` (one Web-standard
 * endpoint for provider discovery and credentials), `toNodeHandler` for Node http and Express, and
 * `jwtAuthenticator` (bearer JWTs via the optional `jose` peer, loaded on first use).
 *
 * @module @switchboard/core/auth
 */
export { type AccessResult, type AccessRuleEntry, type AccessRules, allow, checkAccess, ownerOnly } from '../access.js';
export {
  type Authenticate,
  type AuthHandler,
  type AuthHandlerOptions,
  type AuthorizerSource,
  createAuthHandler,
} from './auth-handler.js';
export { assertAuthUser, MAX_USER_ID_LENGTH, RESERVED_USER_ID_PREFIX, userIdProblem } from './auth-user.js';
export type { AuthorizeInput, ChannelCheck, ProviderAuthorizer } from './authorizer.js';
export { assertChannelAllowed, type ChannelChecker, createChannelChecker } from './channel-checker.js';
export { type AuthErrorBody, type AuthErrorCode, classifyError } from './error-response.js';
export { type JwtAuthenticatorOptions, type JwtClaims, jwtAuthenticator } from './jwt-authenticator.js';
export { type NodeHandler, type NodeHandlerOptions, toNodeHandler } from './node-handler.js';
export type { ProviderDiscovery } from './provider-discovery.js';
export { DEFAULT_MAX_BODY_BYTES, readRequestBody } from './request-body.js';
