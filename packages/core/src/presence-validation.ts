/**
 * Presence data is checked where it arrives, whatever the provider: a client on Ably (or any raw
 * SDK) can enter presence with data the channel's schema refuses, and a Pusher signature only says
 * some server signed it. A connection whose data is refused is dropped from the roster (its latest
 * presence is treated as a leave) and reported; everyone else on the channel is unaffected.
 */
import type { ChannelRef } from './channel.js';
import type { RealtimeError } from './errors.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import type { PresenceLibrary } from './subscriber/subscriber-presence.js';
import type { PresenceConnection, PresenceTransportEvent } from './transport.js';

/** Largest presence data (and server profile) of one member, serialized as JSON, that a subscriber accepts or sends. */
export const DEFAULT_MAX_PRESENCE_DATA_BYTES = 8192;

type Checked = PresenceConnection | RealtimeError;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the intake needs from the subscriber that owns the channel. */
export interface PresenceIntakeOptions {
  /** The subscriber's error class and checks (this module is loaded lazily, see lazy-presence.ts). */
  lib: PresenceLibrary;
  /** Largest accepted `data` (and `info`) in bytes of JSON. */
  maxDataBytes: number;
  /** The provider, for the errors it reports. */
  provider(): string | undefined;
  /** Told about every refused member, and about a presence listener that threw. */
  report(error: unknown): void;
}

/** Checks the presence members of one channel as they arrive, keeping their order. */
export class PresenceIntake {
  private pending: Promise<void> | undefined;

  constructor(
    private readonly ref: ChannelRef,
    private readonly options: PresenceIntakeOptions,
  ) {}

  /**
   * Hands `apply` the event with its data as the schema parsed it, or, when the data is refused, a
   * leave of that connection (so no connection is listed with data that was refused). Events wait
   * for any earlier event whose schema validates asynchronously.
   */
  event(event: PresenceTransportEvent, apply: (event: PresenceTransportEvent) => void): void {
    const run = () => (event.action === 'leave' ? this.plain(event.member) : this.checkNow(event.member));
    const admit = (checked: Checked) => {
      const admitted = this.admitted(event, checked);
      if (admitted) apply(admitted);
    };
    const checked = this.pending ? this.pending.then(run) : run();
    if (!(checked instanceof Promise)) {
      admit(checked);
      return;
    }
    const tail: Promise<void> = checked
      .then(admit)
      .catch((error: unknown) => this.options.report(error))
      .finally(() => {
        if (this.pending === tail) this.pending = undefined;
      });
    this.pending = tail;
  }

  /** The members of a snapshot whose data is accepted; each refused one is reported. */
  snapshot(connections: readonly PresenceConnection[]): PresenceConnection[] | Promise<PresenceConnection[]> {
    const checked = (Array.isArray(connections) ? connections : []).map((connection) => this.checkNow(connection));
    const keep = (results: Checked[]) =>
      results.flatMap((result) => {
        if (result instanceof this.options.lib.RealtimeError) {
          this.options.report(result);
          return [];
        }
        return [result];
      });
    if (checked.some((result) => result instanceof Promise)) return Promise.all(checked).then(keep);
    return keep(checked as Checked[]);
  }

  private admitted(event: PresenceTransportEvent, checked: Checked): PresenceTransportEvent | undefined {
    if (!(checked instanceof this.options.lib.RealtimeError)) return { action: event.action, member: checked };
    this.options.report(checked);
    const who = this.plain(event.member);
    return who instanceof this.options.lib.RealtimeError ? undefined : { action: 'leave', member: who };
  }

  /** A leave needs only who left; its data is not looked at. */
  private plain(member: PresenceConnection | undefined): Checked {
    return isRecord(member) && typeof member.userId === 'string' && member.userId.length > 0
      ? this.connection(member, undefined)
      : this.refuse('MALFORMED_MESSAGE', 'it has no user id', member);
  }

  /** Shape, sizes and schema of one member; the result is a fresh connection with only known fields. */
  private checkNow(member: PresenceConnection): Checked | Promise<Checked> {
    const shape = this.plain(member);
    if (shape instanceof this.options.lib.RealtimeError) return shape;
    const { info, data } = member;
    if (info !== undefined && !isRecord(info))
      return this.refuse('MALFORMED_MESSAGE', 'its server profile (info) is not an object', member);
    const limit = this.options.maxDataBytes;
    for (const [field, value] of [
      ['data', data],
      ['info', info],
    ] as const) {
      const size = value === undefined ? undefined : this.options.lib.jsonSizeOverLimit(value, limit);
      if (size !== undefined) {
        return this.refuse('PAYLOAD_TOO_LARGE', `its ${field} is ${size} bytes of JSON; the limit is ${limit}`, member, { size, limit });
      }
    }
    const schema = this.ref.definition.presence as StandardSchemaV1 | undefined;
    // No data is checked too: the app is promised the schema's type for every member.
    if (!schema) return this.connection(member, data);
    let result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>;
    try {
      result = schema['~standard'].validate(data);
    } catch (cause) {
      return this.refuse('VALIDATION_FAILED', 'its schema threw while checking its data', member, {}, cause);
    }
    const settle = (settled: StandardSchemaV1.Result<unknown>): Checked => {
      if (!settled.issues) return this.connection(member, settled.value);
      const error = this.options.lib.issuesError(settled.issues, `Presence data of "${member.userId}" on "${this.ref.name}"`);
      return new this.options.lib.RealtimeError('VALIDATION_FAILED', error.message, {
        provider: this.options.provider(),
        details: { ...error.details, channel: this.ref.name, userId: member.userId, connectionId: member.connectionId },
      });
    };
    if (result instanceof Promise) {
      return result.then(settle, (cause: unknown) =>
        this.refuse('VALIDATION_FAILED', 'its schema threw while checking its data', member, {}, cause),
      );
    }
    return settle(result);
  }

  private connection(member: PresenceConnection, data: unknown): PresenceConnection {
    const connection: PresenceConnection = { userId: member.userId };
    if (typeof member.connectionId === 'string') connection.connectionId = member.connectionId;
    if (data !== undefined) connection.data = data;
    if (member.info !== undefined) connection.info = member.info;
    return connection;
  }

  private refuse(
    code: 'MALFORMED_MESSAGE' | 'PAYLOAD_TOO_LARGE' | 'VALIDATION_FAILED',
    what: string,
    member: PresenceConnection | undefined,
    details: Record<string, unknown> = {},
    cause?: unknown,
  ): RealtimeError {
    const userId = isRecord(member) && typeof member.userId === 'string' ? member.userId : undefined;
    return new this.options.lib.RealtimeError(code, `Dropped the presence member "${userId ?? '?'}" on "${this.ref.name}": ${what}`, {
      provider: this.options.provider(),
      cause,
      details: { ...details, channel: this.ref.name, userId, connectionId: isRecord(member) ? member.connectionId : undefined },
    });
  }
}

/** Checks the size of presence data a subscriber is about to send, with the same bound receivers apply. */
export function assertPresenceDataSize(lib: PresenceLibrary, ref: ChannelRef, data: unknown, limit: number, provider?: string): void {
  const size = data === undefined ? undefined : lib.jsonSizeOverLimit(data, limit);
  if (size !== undefined) {
    throw new lib.RealtimeError('PAYLOAD_TOO_LARGE', `Presence data on "${ref.name}" is ${size} bytes; the limit is ${limit}`, {
      provider,
      details: { size, limit, channel: ref.name },
    });
  }
}
