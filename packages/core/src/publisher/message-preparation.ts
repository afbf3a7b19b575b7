/**
 * Turning `publish(channel, event, data)` into what a transport sends: the event must exist and fit
 * the provider's name length, the data must pass the event's schema, the channel must map to a
 * provider name, and the envelope (id, sequence, timestamp, exclusion) must fit the payload limit.
 * Every failure is thrown before anything is sent.
 */
import { userIdProblem } from '../auth/auth-user.js';
import { requireCapability } from '../capabilities.js';
import { assertChannelRef, assertEventName, type ChannelRef } from '../channel.js';
import { createMessageId, type Envelope, jsonSizeOverLimit } from '../envelope.js';
import { RealtimeError } from '../errors.js';
import type { HistoryStore } from '../history/history-store.js';
import { withHistorySeqPlaceholder } from '../history/publisher-history.js';
import type { OutboundMessage, PublisherTransport } from '../transport.js';
import { validatedPayload } from '../validation.js';
import { type ValidationPolicy, validatesOn } from '../validation-policy.js';

/** Who a message must not reach: one connection, every connection of one user, or both. */
export interface Exclusion {
  excludeConnectionId?: string | undefined;
  excludeUserId?: string | number | undefined;
}

/** The user id to exclude as a string; VALIDATION_FAILED for what cannot be a user id. */
export function excludedUser(userId: string | number | undefined, provider?: string): string | undefined {
  if (userId === undefined) return undefined;
  const id = typeof userId === 'number' && Number.isSafeInteger(userId) ? String(userId) : userId;
  const problem = userIdProblem(id);
  if (problem !== undefined) {
    throw new RealtimeError('VALIDATION_FAILED', `excludeUserId is not a user id: ${problem}`, { provider, details: { reason: problem } });
  }
  return id as string;
}

/** Prepares messages for one publisher; it numbers each channel's messages in order (`seq`). */
export function createMessagePreparation(options: {
  validate?: ValidationPolicy | boolean | undefined;
  history?: HistoryStore | undefined;
}) {
  const sequences = new Map<string, number>();
  const validates = validatesOn('publish', options.validate);

  /**
   * Checks and wraps one message. Synchronous unless the schema validates asynchronously, so the
   * common case costs no promise; every failure is thrown (or rejected) before anything is sent.
   */
  function prepare(
    target: PublisherTransport,
    channel: ChannelRef,
    event: string,
    data: unknown,
    id: string | undefined,
    exclusion: Exclusion | undefined,
  ): OutboundMessage | Promise<OutboundMessage> {
    assertChannelRef(channel);
    const { events } = channel.definition;
    // defineChannel checked every catalog name, so only a name outside the catalog needs the pattern.
    const schema = Object.hasOwn(events, event) ? events[event] : undefined;
    if (!schema) {
      assertEventName(event);
      throw new RealtimeError('INVALID_EVENT', `Channel "${channel.definition.template}" has no event "${event}"`, {
        provider: target.provider,
        details: { event, known: Object.keys(events) },
      });
    }
    if (event.length > target.limits.maxEventNameLength) {
      throw new RealtimeError('INVALID_EVENT', `Event name "${event}" is longer than ${target.limits.maxEventNameLength}`, {
        provider: target.provider,
      });
    }
    if (!validates) return seal(target, channel, event, data, id, exclusion);
    const result = schema['~standard'].validate(data);
    if (result instanceof Promise) {
      return result.then((settled) => seal(target, channel, event, validatedPayload(settled, event), id, exclusion));
    }
    return seal(target, channel, event, validatedPayload(result, event), id, exclusion);
  }

  /** Maps the channel, numbers the message, builds its envelope and checks its size. */
  function seal(
    target: PublisherTransport,
    channel: ChannelRef,
    event: string,
    value: unknown,
    id: string | undefined,
    exclusion: Exclusion | undefined,
  ): OutboundMessage {
    target.providerChannelName(channel);
    const excludeConnectionId = exclusion?.excludeConnectionId;
    const excludeUser = excludedUser(exclusion?.excludeUserId, target.provider);
    if (excludeConnectionId !== undefined || excludeUser !== undefined) {
      requireCapability(target.provider, target.capabilities, 'exclusion');
    }
    const seq = (sequences.get(channel.name) ?? 0) + 1;
    sequences.set(channel.name, seq);
    const envelope: Envelope = { id: id ?? createMessageId(), event, data: value, ts: Date.now(), seq };
    if (excludeConnectionId !== undefined) envelope.exclude = excludeConnectionId;
    if (excludeUser !== undefined) envelope.excludeUser = excludeUser;
    const size = jsonSizeOverLimit(withHistorySeqPlaceholder(envelope, channel, options.history), target.limits.maxPayloadBytes);
    if (size !== undefined) {
      throw new RealtimeError(
        'PAYLOAD_TOO_LARGE',
        `Message "${event}" on "${channel.name}" is ${size} bytes; ${target.provider} accepts at most ${target.limits.maxPayloadBytes}`,
        { provider: target.provider, details: { size, limit: target.limits.maxPayloadBytes } },
      );
    }
    return { channel, envelope };
  }

  return prepare;
}
