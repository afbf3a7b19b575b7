/**
 * Presence held by components, for framework bindings: the connection enters when the first
 * component that brings data mounts, updates when the data changes, and leaves when the last one
 * unmounts.
 */
import type { ChannelRef } from '../channel.js';
import type { RealtimeError } from '../errors.js';
import type { RealtimeSubscriber } from '../subscriber.js';

/** One component that wants this connection present on a channel, with its data. */
export interface PresenceHolder {
  /** The data to be present with; read whenever the membership synchronises. */
  data: unknown;
  /** Called when entering, updating or leaving failed. */
  onError(error: unknown): void;
}

interface Membership {
  channel: ChannelRef;
  holders: Set<PresenceHolder>;
  /** The data this connection entered with, as JSON, or undefined while not present. */
  enteredKey: string | undefined;
  queue: Promise<void>;
}

const memberships = new WeakMap<RealtimeSubscriber, Map<string, Membership>>();

/**
 * Presence belongs to the connection, not to a component: it enters when the first component that
 * brings data mounts, updates when the data changes, and leaves when the last one unmounts. Changes
 * run one at a time and look at who holds the membership when they run, so StrictMode's
 * unmount-and-remount, which happens within one task, never leaves and re-enters.
 */
export function holdPresence(subscriber: RealtimeSubscriber, channel: ChannelRef, holder: PresenceHolder): () => void {
  const byChannel = memberships.get(subscriber) ?? new Map<string, Membership>();
  memberships.set(subscriber, byChannel);
  const membership = byChannel.get(channel.name) ?? { channel, holders: new Set(), enteredKey: undefined, queue: Promise.resolve() };
  byChannel.set(channel.name, membership);
  membership.holders.add(holder);
  synchronise(subscriber, membership);
  return () => {
    membership.holders.delete(holder);
    synchronise(subscriber, membership);
  };
}

/** Tells the membership that a holder's data changed. */
export function presenceDataChanged(subscriber: RealtimeSubscriber, channel: ChannelRef): void {
  const membership = memberships.get(subscriber)?.get(channel.name);
  if (membership) synchronise(subscriber, membership);
}

function synchronise(subscriber: RealtimeSubscriber, membership: Membership): void {
  membership.queue = membership.queue.then(async () => {
    const holders = [...membership.holders];
    const wanted = holders.at(-1);
    const presence = subscriber.presence(membership.channel);
    const entered = membership.enteredKey;
    // Undefined when nobody holds the membership: leave if present.
    const key = wanted && JSON.stringify(wanted.data ?? null);
    try {
      if (key !== entered) {
        membership.enteredKey = key;
        await (!wanted ? presence.leave() : entered === undefined ? presence.enter(wanted.data) : presence.update(wanted.data));
      }
    } catch (error) {
      membership.enteredKey = undefined;
      for (const each of holders) each.onError(error as RealtimeError);
    }
    // Kept while held: a holder that arrived during the leave is queued behind it here.
    if (!membership.holders.size) memberships.get(subscriber)?.delete(membership.channel.name);
  });
}
