/**
 * Turning `publish(db, channel, event, data)` into an outbox row, before anything is written: the
 * channel must be one of the outbox's, the event must exist, the data must pass the event's schema
 * and the envelope must fit `maxPayloadBytes`. Every failure throws, so the app's transaction
 * aborts (or the app decides) before it commits.
 */
import { createMessageId, type Envelope, jsonSizeOverLimit, userIdProblem } from '@switchboard/core/adapter';
import { type AnyChannelDefinition, assertChannelRef, assertEventName, type ChannelRef } from '@switchboard/core/client';
import { toOutboxRecord } from '@switchboard/core/outbox';
import { issuesError, RealtimeError } from '@switchboard/core/server';

/** One message to record. */
export interface RecordInput {
  channel: ChannelRef;
  event: string;
  data: unknown;
  /** Message id; generated when absent. Give one to make a retried request idempotent. */
  id?: string | undefined;
  /** Connection id of the subscriber that must not receive it ("to others"). */
  excludeConnectionId?: string | undefined;
  /** User id whose every connection must not receive it (see the publisher's `excludeUserId`). */
  excludeUserId?: string | number | undefined;
}

/** A row ready for the append function: id, logical channel name and stored record. */
export interface PreparedRow {
  id: string;
  channel: string;
  record: ReturnType<typeof toOutboxRecord>;
}

/** What preparing needs to know about the outbox. */
export interface RecordRules {
  channels: readonly AnyChannelDefinition[];
  maxPayloadBytes: number | undefined;
}

/** Validates one message and builds its envelope; rejects with a RealtimeError naming the problem. */
export async function prepareRow(input: RecordInput, rules: RecordRules): Promise<PreparedRow> {
  const { channel, event } = input;
  assertChannelRef(channel);
  assertEventName(event);
  // By template, as the relay rebuilds it (a second copy of the same definition module still matches).
  if (!rules.channels.some((definition) => definition.template === channel.definition.template)) {
    throw new RealtimeError(
      'CONFIG',
      `"${channel.definition.template}" is not among the outbox's channels, so its relay could not send it`,
      {
        details: { template: channel.definition.template, known: rules.channels.map((definition) => definition.template) },
      },
    );
  }
  const schema = channel.definition.events[event];
  if (!schema) {
    throw new RealtimeError('INVALID_EVENT', `Channel "${channel.definition.template}" has no event "${event}"`, {
      details: { event, known: Object.keys(channel.definition.events) },
    });
  }
  let result = schema['~standard'].validate(input.data);
  if (result instanceof Promise) result = await result;
  if (result.issues) throw issuesError(result.issues, `Payload of "${event}" on "${channel.name}"`);
  const envelope: Envelope = { id: input.id ?? createMessageId(), event, data: result.value, ts: Date.now() };
  if (input.excludeConnectionId !== undefined) envelope.exclude = input.excludeConnectionId;
  if (input.excludeUserId !== undefined) {
    const excludeUser = String(input.excludeUserId);
    const problem = userIdProblem(excludeUser);
    if (problem)
      throw new RealtimeError('VALIDATION_FAILED', `excludeUserId is not a user id: ${problem}`, { details: { reason: problem } });
    envelope.excludeUser = excludeUser;
  }
  if (rules.maxPayloadBytes !== undefined) {
    const size = jsonSizeOverLimit(envelope, rules.maxPayloadBytes);
    if (size !== undefined) {
      throw new RealtimeError(
        'PAYLOAD_TOO_LARGE',
        `Message "${event}" on "${channel.name}" is ${size} bytes; the outbox accepts at most ${rules.maxPayloadBytes}`,
        {
          details: { size, limit: rules.maxPayloadBytes },
        },
      );
    }
  }
  return { id: envelope.id, channel: channel.name, record: toOutboxRecord({ channel, envelope }) };
}
