/**
 * The publisher's presence query: one member per user, typed from the channel's presence schema.
 * Data the provider returns is checked against that schema here too (Ably lets any client enter
 * with any data); where the provider returns ids only (Pusher's HTTP API) the member says so in its
 * `source`, unless the adapter filled the data from what Switchboard recorded when it signed it.
 */
import type { ChannelRef, PresenceDataOf } from '../channel.js';
import { RealtimeError } from '../errors.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import type { PresenceConnection } from '../transport.js';
import { validateWithSchema } from '../validation.js';

/**
 * Where a server-side member's `data` came from:
 * - `provider`: the provider returned it with the member (memory, Socket.IO hub, Ably);
 * - `recorded`: the provider returned the id only and Switchboard filled `data` and `info` from what
 *   its auth endpoint signed for that user on that channel (Pusher with a shared `presenceRecord`);
 * - `ids-only`: the provider returned the id only and Switchboard knows nothing more: `data` is `undefined`.
 */
export type PresenceDataSource = 'provider' | 'recorded' | 'ids-only';

/** A member with its data, as the provider or Switchboard's record knows it. */
export interface ServerPresenceMemberWithData<TData> {
  /** The user's id, from the server's authentication. */
  userId: string;
  /** What the member's client entered or last updated, checked against the channel's presence schema. */
  data: TData;
  /** The user's public profile as the server issued it, where the provider carries one. */
  info?: Record<string, unknown> | undefined;
  /** `provider` or `recorded`. */
  source: 'provider' | 'recorded';
}

/** A member the provider listed by id only and Switchboard has no record of (Pusher without a `presenceRecord`). */
export interface ServerPresenceMemberIdOnly {
  /** The user's id, from the server's authentication. */
  userId: string;
  /** Unknown: the provider returned the id only. */
  data: undefined;
  /** Unknown. */
  info?: undefined;
  /** Always `ids-only`. */
  source: 'ids-only';
}

/** One user present on a channel, as {@link RealtimePublisher.members} reports it. Narrow on `source`. */
export type ServerPresenceMember<TData = unknown> = ServerPresenceMemberWithData<TData> | ServerPresenceMemberIdOnly;

/** The member type of a channel's presence: typed from its presence schema. */
export type ServerPresenceMemberOf<TRef extends ChannelRef> = ServerPresenceMember<PresenceDataOf<TRef>>;

/**
 * Folds connections into one member per user (the last connection's data wins) and checks each
 * member's data against the channel's presence schema; members whose data is refused are left out,
 * as subscribers leave them out.
 */
export async function serverMembers(channel: ChannelRef, connections: readonly PresenceConnection[]): Promise<ServerPresenceMember[]> {
  const byUser = new Map<string, PresenceConnection>();
  for (const connection of connections) byUser.set(connection.userId, connection);
  const schema = channel.definition.presence as StandardSchemaV1 | undefined;
  const members: ServerPresenceMember[] = [];
  for (const connection of byUser.values()) {
    const source = connection.dataSource ?? 'provider';
    if (source === 'ids-only') {
      members.push({ userId: connection.userId, data: undefined, source });
      continue;
    }
    let data = connection.data;
    if (schema) {
      try {
        data = await validateWithSchema(schema, connection.data, `Presence data of "${connection.userId}" on "${channel.name}"`);
      } catch (error) {
        if (RealtimeError.isInstance(error, 'VALIDATION_FAILED')) continue;
        throw error;
      }
    }
    members.push(
      connection.info === undefined
        ? { userId: connection.userId, data, source }
        : { userId: connection.userId, data, info: connection.info, source },
    );
  }
  return members;
}
