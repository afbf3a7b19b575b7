/**
 * `notify`: reach one user on a presence channel — in realtime when they are there, otherwise
 * through a fallback (push, SMS, email). Every call says which route it took and why.
 */
import { assertChannelRef, type ChannelRef, type EventInput, type EventName } from '../channel.js';
import { RealtimeError } from '../errors.js';
import { excludedUser } from '../publisher/message-preparation.js';
import type { PublishOptions, RealtimePublisher } from '../publisher.js';
import { validateWithSchema } from '../validation.js';
import type { FallbackResult, NotificationFallback } from './fallback.js';
import { lookUpPresence } from './presence-lookup.js';

/** Options of {@link createNotifier}. */
export interface NotifierOptions<TResult extends FallbackResult = FallbackResult> {
  /** The publisher whose presence query decides the route and which publishes the realtime event. */
  publisher: RealtimePublisher;
  /** Reaches a recipient who is not present. Without one, an absent recipient gets route `none`. */
  fallback?: NotificationFallback<TResult> | undefined;
  /**
   * Where to send when presence cannot be queried (provider without server presence, outage,
   * timeout). `fallback` reaches the user whether or not they have the app open; `realtime` avoids a
   * duplicate push for users who usually are connected.
   * @default 'fallback'
   */
  whenPresenceUnknown?: 'fallback' | 'realtime';
  /**
   * Longest wait for the presence query before treating presence as unknown.
   * @default 5000
   */
  presenceTimeoutMs?: number;
}

/** One notification: the event for a recipient on a presence channel. */
export interface NotifyInput<TRef extends ChannelRef, TEvent extends EventName<TRef>> {
  /** A presence channel both parties are on, e.g. `session({ sessionId })`. */
  channel: TRef;
  /** User id of the recipient, as presence reports it. */
  recipient: string | number;
  /** The event, as on the channel. */
  event: TEvent;
  /** Its payload, validated like any publish. */
  data: EventInput<TRef, TEvent>;
  /**
   * The user who caused the event (the sender): on the realtime route none of their connections
   * receive it, on any device (see `excludeUserId` of `publish`). The fallback reaches only the
   * recipient anyway. Must not be the recipient (VALIDATION_FAILED).
   */
  excludeUserId?: string | number | undefined;
  /** Options of the realtime publish (`id` for idempotency, `retry`, `signal`). `signal` also reaches the fallback. */
  publish?: Pick<PublishOptions, 'id' | 'retry' | 'signal'>;
}

/** Whether the recipient was seen on the channel when notify asked. */
export type RecipientPresence = 'present' | 'absent' | 'unknown';

/** The route notify took and why. Delivery failures are reported here, not thrown. */
export interface NotifyResult<TResult extends FallbackResult = FallbackResult> {
  /** `realtime` published on the channel; `fallback` handed to the fallback; `none` did neither. */
  route: 'realtime' | 'fallback' | 'none';
  /** Why, in words: `recipient present`, `recipient offline`, `presence unavailable: …`. */
  reason: string;
  /** True when the chosen route accepted the notification. */
  delivered: boolean;
  /** Whether the recipient was present when notify asked. */
  presence: RecipientPresence;
  /** Id of the published message (route `realtime`). */
  messageId?: string;
  /** The fallback's name (route `fallback`). */
  fallback?: string;
  /** What the fallback reported (route `fallback`, when it answered). */
  fallbackResult?: TResult;
  /** The failure that kept the notification from being delivered, when `delivered` is false. */
  error?: RealtimeError;
}

/** Sends an event live when the recipient is present, through the fallback otherwise. Create with {@link createNotifier}. */
export interface Notifier<TResult extends FallbackResult = FallbackResult> {
  /**
   * Delivers one event to one user. Throws only for bad input (unknown event, invalid payload,
   * not a presence channel, missing recipient) — before anything is sent on either route.
   */
  notify<TRef extends ChannelRef, TEvent extends EventName<TRef>>(input: NotifyInput<TRef, TEvent>): Promise<NotifyResult<TResult>>;
}

function asRealtimeError(error: unknown, provider: string): RealtimeError {
  if (RealtimeError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RealtimeError('PROVIDER_UNAVAILABLE', `${provider} failed: ${message}`, { provider, cause: error });
}

async function checkInput(input: NotifyInput<ChannelRef, string>): Promise<{ recipient: string; value: unknown }> {
  assertChannelRef(input?.channel);
  const { channel, event } = input;
  if (channel.definition.access !== 'presence') {
    throw new RealtimeError('INVALID_CHANNEL', `notify needs a presence channel; "${channel.name}" is ${channel.definition.access}`);
  }
  const schema = channel.definition.events[event];
  if (!schema) {
    throw new RealtimeError('INVALID_EVENT', `Channel "${channel.definition.template}" has no event "${event}"`, {
      details: { event, known: Object.keys(channel.definition.events) },
    });
  }
  const recipient = typeof input.recipient === 'number' ? String(input.recipient) : input.recipient;
  if (typeof recipient !== 'string' || recipient.length === 0) {
    throw new RealtimeError('VALIDATION_FAILED', 'notify: recipient must be a non-empty user id');
  }
  if (excludedUser(input.excludeUserId) === recipient) {
    throw new RealtimeError('VALIDATION_FAILED', 'notify: excludeUserId is the recipient, who would then receive nothing in realtime');
  }
  return { recipient, value: await validateWithSchema(schema, input.data, `Payload of "${event}"`) };
}

/**
 * Creates `notify` on top of a publisher and a fallback.
 *
 * @example
 * const { notify } = createNotifier({ publisher, fallback: expoPushFallback({ ... }) });
 * const result = await notify({ channel: session({ sessionId }), recipient: partnerId, event: 'partner:joined', data });
 * // result.route === 'fallback', result.reason === 'recipient offline'
 */
export function createNotifier<TResult extends FallbackResult = FallbackResult>(options: NotifierOptions<TResult>): Notifier<TResult> {
  if (!options?.publisher || typeof options.publisher.presence !== 'function') {
    throw new RealtimeError('CONFIG', 'createNotifier needs a publisher (createPublisher(...))');
  }
  const { publisher, fallback } = options;
  if (fallback !== undefined && (typeof fallback.deliver !== 'function' || typeof fallback.name !== 'string')) {
    throw new RealtimeError('CONFIG', 'createNotifier: fallback must have a name and a deliver(notification) function');
  }
  const whenUnknown = options.whenPresenceUnknown ?? 'fallback';
  const timeoutMs = options.presenceTimeoutMs ?? 5000;

  return {
    async notify(input) {
      const { recipient, value } = await checkInput(input as NotifyInput<ChannelRef, string>);
      const { channel, event } = input;
      const lookup = await lookUpPresence(publisher, channel, recipient, timeoutMs);
      const presence = lookup.state;
      let why =
        lookup.state === 'unknown'
          ? `presence unavailable: ${lookup.error.message}`
          : `recipient ${presence === 'present' ? 'present' : 'offline'}`;

      if (presence === 'present' || (presence === 'unknown' && whenUnknown === 'realtime')) {
        try {
          const publishOptions =
            input.excludeUserId === undefined ? input.publish : { ...input.publish, excludeUserId: input.excludeUserId };
          const { id } = await publisher.publish(channel, event, input.data, publishOptions);
          return { route: 'realtime', reason: why, delivered: true, presence, messageId: id };
        } catch (error) {
          const publishError = asRealtimeError(error, 'realtime');
          if (!fallback) {
            const reason = `${why}; publish failed: ${publishError.message}`;
            return { route: 'realtime', reason, delivered: false, presence, error: publishError };
          }
          // The user was there but the realtime provider failed: the fallback still reaches them.
          why = `${why}, but realtime publish failed: ${publishError.message}`;
        }
      }

      if (!fallback) return { route: 'none', reason: `${why}; no fallback configured`, delivered: false, presence };
      try {
        const fallbackResult = await fallback.deliver({ recipient, channel, event, data: value, signal: input.publish?.signal });
        const reason = fallbackResult.delivered
          ? why
          : `${why}; ${fallback.name} delivered nothing${fallbackResult.reason ? `: ${fallbackResult.reason}` : ''}`;
        return { route: 'fallback', reason, delivered: fallbackResult.delivered, presence, fallback: fallback.name, fallbackResult };
      } catch (error) {
        const fallbackError = asRealtimeError(error, fallback.name);
        return {
          route: 'fallback',
          reason: `${why}; ${fallback.name} failed: ${fallbackError.message}`,
          delivered: false,
          presence,
          fallback: fallback.name,
          error: fallbackError,
        };
      }
    },
  };
}
