/**
 * The server-side credential contract. Each adapter package exports a `ProviderAuthorizer` that turns
 * "this user may use these channels" into its provider's credential; the Web-standard auth handler
 * (`createAuthHandler`) authenticates the request, evaluates the access rules and calls it.
 */
import type { AuthUser, ChannelRef } from '../channel.js';
import type { ProviderName } from '../providers.js';

/** The verdict on one logical channel name for the requesting user. */
export interface ChannelCheck {
  /** True when the rules let the user subscribe. */
  allowed: boolean;
  /** Why access was refused (shown to the subscriber in the 403). */
  reason?: string | undefined;
  /** The resolved channel when the name matched a definition. */
  channel?: ChannelRef | undefined;
}

/** What the auth handler gives an authorizer for one credential request. */
export interface AuthorizeInput {
  /** The authenticated user; identity always comes from the server, never from the body. */
  user: AuthUser;
  /** The parsed request body: JSON object or form fields (Pusher sends `socket_id`, `channel_name`). */
  body: Record<string, unknown>;
  /**
   * Resolves a logical channel name against the app's channel definitions and access rules.
   * Throws RealtimeError INVALID_CHANNEL (→ 400) when the name matches no definition.
   */
  check(logicalName: string): Promise<ChannelCheck>;
}

/** Turns access decisions into one provider's credential. */
export interface ProviderAuthorizer {
  /** The provider this authorizer issues credentials for; browsers load that provider's adapter. */
  readonly provider: ProviderName;
  /** True for the authorizers of `createProviderSwitch`: discovery tells subscribers the provider may change. */
  readonly switchable?: boolean | undefined;
  /** Parameters a browser needs to connect (key, host, port, cluster); never a secret. */
  publicConfig(): Record<string, unknown>;
  /**
   * Issues the credential for one request and returns the JSON body of the 200 response.
   * Throw RealtimeError FORBIDDEN (→ 403, with a reason) or INVALID_CHANNEL (→ 400).
   */
  authorize(input: AuthorizeInput): Promise<unknown>;
}
