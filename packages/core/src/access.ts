import type { AccessDecision, AccessRule, AnyChannelDefinition, AuthUser, ChannelRef, ParsedParams } from './channel.js';

/** A rule bound to a channel definition. Build with {@link allow}. */
export interface AccessRuleEntry {
  /** The channel family the rule applies to. */
  readonly channel: AnyChannelDefinition;
  /** Decides for one user and the channel's params. */
  readonly rule: AccessRule<Record<string, string>>;
}

/** The app's access rules, declared once on the server. */
export type AccessRules = ReadonlyArray<AccessRuleEntry>;

/**
 * Declares who may subscribe to a channel family: `(user, params) → allowed`, sync or async.
 *
 * @example
 * const rules = [allow(conversation, (user, { conversationId }) => db.ownsConversation(user.id, conversationId))];
 */
export function allow<TDefinition extends AnyChannelDefinition>(
  channel: TDefinition,
  rule: AccessRule<ParsedParams<TDefinition['template']>>,
): AccessRuleEntry {
  return { channel, rule: rule as AccessRule<Record<string, string>> };
}

/** Owner-only rule for catalogs: the user id must equal the channel param `param`. */
export function ownerOnly<TParams extends Record<string, string>>(param: keyof TParams & string): AccessRule<TParams> {
  return (user, params) => (user.id === params[param] ? true : { allowed: false, reason: `only user ${params[param]} may subscribe` });
}

/** The outcome of {@link checkAccess}: allowed, or refused with the reason the subscriber sees. */
export type AccessResult =
  | {
      /** The user may subscribe. */
      allowed: true;
    }
  | {
      /** The user may not subscribe. */
      allowed: false;
      /** Why, in words the subscriber sees. */
      reason: string;
    };

/**
 * Decides whether `user` may subscribe to `channel`: the app's rule for the definition, else the
 * definition's own `authorize`, else public channels are open and everything else is refused.
 * User streams (`defineUserEvents`) always use their own owner-only rule.
 */
export async function checkAccess(user: AuthUser | undefined, channel: ChannelRef, rules: AccessRules = []): Promise<AccessResult> {
  const { definition } = channel;
  // A user stream's owner-only rule is part of its definition; an app rule never replaces it.
  const userStream = (definition as { userStream?: unknown }).userStream === true;
  const rule = (userStream ? undefined : rules.find((entry) => entry.channel === definition)?.rule) ?? definition.authorize;
  if (!rule) {
    if (definition.access === 'public') return { allowed: true };
    return { allowed: false, reason: `no access rule for "${definition.template}"` };
  }
  if (!user) return { allowed: false, reason: 'not signed in' };
  const decision: AccessDecision = await rule(user, { ...channel.params });
  if (decision === true) return { allowed: true };
  if (decision === false) return { allowed: false, reason: `access to "${channel.name}" denied` };
  return decision.allowed ? { allowed: true } : { allowed: false, reason: decision.reason ?? `access to "${channel.name}" denied` };
}
