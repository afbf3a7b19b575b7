import { type AccessRules, checkAccess } from '../access.js';
import { type AnyChannelDefinition, type AuthUser, MAX_CHANNEL_NAME_LENGTH } from '../channel.js';
import { matchChannel } from '../channel-match.js';
import { assertDistinctTemplates } from '../channel-overlap.js';
import { assertClientEventDeclarations } from '../client-events/client-event-rules.js';
import { RealtimeError } from '../errors.js';
import type { ChannelCheck } from './authorizer.js';

/** Checks a logical channel name for a user: which definition it belongs to, and whether the rules allow it. */
export type ChannelChecker = (user: AuthUser | undefined, logicalName: string) => Promise<ChannelCheck>;

/**
 * Builds the checker servers use for every subscription request: the name must match one of the
 * app's channel definitions exactly (anything else, wildcards and lists included, is INVALID_CHANNEL),
 * then the access rules decide (default deny). Throws CONFIG when two definitions' templates can
 * match the same name (e.g. `user:{userId}:{feed}` and `user:{userId}:inbox`): a name must belong to
 * exactly one definition, or a permissive rule could grant what a strict one refuses.
 */
export function createChannelChecker(definitions: readonly AnyChannelDefinition[], rules: AccessRules = []): ChannelChecker {
  assertDistinctTemplates(definitions);
  assertClientEventDeclarations(definitions);
  return async (user, logicalName) => {
    if (typeof logicalName !== 'string' || logicalName.length === 0 || logicalName.length > MAX_CHANNEL_NAME_LENGTH) {
      throw new RealtimeError('INVALID_CHANNEL', 'Channel name is missing or too long', {
        details: { length: typeof logicalName === 'string' ? logicalName.length : undefined },
      });
    }
    const channel = matchChannel(definitions, logicalName);
    if (!channel) {
      throw new RealtimeError('INVALID_CHANNEL', `"${logicalName.slice(0, 80)}" matches no channel definition`, {
        details: { channel: logicalName.slice(0, 200) },
      });
    }
    const result = await checkAccess(user, channel, rules);
    return result.allowed ? { allowed: true, channel } : { allowed: false, reason: result.reason, channel };
  };
}

/**
 * For authorizers: throws FORBIDDEN (→ 403 with the rule's reason) unless the verdict allows access.
 *
 * @example
 * assertChannelAllowed(await check(logicalName), logicalName);
 */
export function assertChannelAllowed(verdict: ChannelCheck, logicalName: string): void {
  if (verdict.allowed) return;
  const reason = verdict.reason ?? `access to "${logicalName.slice(0, 80)}" denied`;
  throw new RealtimeError('FORBIDDEN', `Subscription to "${logicalName.slice(0, 80)}" refused: ${reason}`, {
    details: { channel: logicalName.slice(0, 200), reason },
  });
}
