/**
 * Makes a hub deliver every broadcast in Redis stream order. Out of the box the streams adapter
 * hands a hub's own broadcasts to its clients as soon as Redis answers the XADD, and other hubs'
 * broadcasts when its stream reader gets to them, so a client can receive entry 101 (this hub's)
 * before entry 100 (another hub's). A client's recovery offset is the last entry it received; if
 * it drops between the two, recovery starts after 101 and 100 is lost without a gap. Here a hub's
 * own broadcasts reach its clients through its stream reader too, like everyone else's, so what a
 * client received is always a prefix of the stream and its offset is a true watermark.
 */

/** socket.io-adapter's `MessageType.BROADCAST`. */
const BROADCAST = 3;

interface BroadcastOptions {
  rooms: Set<string>;
  except?: Set<string>;
  flags?: { local?: boolean } & Record<string, unknown>;
}

interface ClusterMessage {
  uid?: string;
  type?: number;
  data?: { requestId?: unknown };
}

/** The members of socket.io-adapter's `ClusterAdapter` this relies on (protected in its types). */
interface StreamAdapter {
  uid: string;
  broadcast(packet: unknown, options: BroadcastOptions): unknown;
  onMessage(message: ClusterMessage, offset?: string): void;
  publishAndReturnOffset(message: { type: number; data: unknown }): Promise<string>;
}

export interface StreamOrderDelivery {
  /** The last stream entry this hub's reader has handed to its clients, if any yet. */
  deliveredThrough(): string | undefined;
  /**
   * Runs `emit` (socket.io broadcasts, synchronously) and resolves once every entry it wrote is in
   * the stream, where every hub reads it. Rejects when Redis refused one: that broadcast then
   * reaches nobody, not even this hub's clients, so the caller can report the failure and retry.
   */
  confirmed(emit: () => void): Promise<void>;
}

/**
 * Patches one namespace's adapter. Returns `undefined` (and changes nothing) when the adapter is not
 * the cluster adapter this was written against.
 */
export function deliverInStreamOrder(candidate: unknown): StreamOrderDelivery | undefined {
  const adapter = candidate as Partial<StreamAdapter>;
  if (
    typeof adapter.uid !== 'string' ||
    typeof adapter.broadcast !== 'function' ||
    typeof adapter.onMessage !== 'function' ||
    typeof adapter.publishAndReturnOffset !== 'function'
  ) {
    return undefined;
  }
  const target = adapter as StreamAdapter;
  const broadcast = target.broadcast.bind(target);
  const onMessage = target.onMessage.bind(target);
  const publish = target.publishAndReturnOffset.bind(target);
  // The adapter skips entries it wrote itself; under this name its own broadcasts pass like any other.
  const ownEntries = `${target.uid}:stream`;
  let deliveredThrough: string | undefined;
  /** The writes of the `confirmed` call in progress (emit is synchronous, so at most one). */
  let collecting: Array<Promise<unknown>> | undefined;

  target.broadcast = (packet, options) => {
    if (options.flags?.local) return broadcast(packet, options);
    const stored = { rooms: [...options.rooms], except: [...(options.except ?? [])], flags: options.flags };
    const written = publish({ type: BROADCAST, data: { packet, opts: stored } });
    if (collecting) {
      // A confirmed broadcast: its caller hears of a failure and nothing is delivered anywhere.
      collecting.push(written);
      return written.catch(() => {});
    }
    return written.catch(() => {
      // Redis refused an unconfirmed entry (a hello, a presence event): no hub reads it back, so
      // this hub's clients get it now, as the adapter itself would (without an offset).
      broadcast(packet, { ...options, flags: { ...options.flags, local: true } });
    });
  };

  target.onMessage = (message, offset) => {
    // Only stream entries come with an offset; pub/sub requests and replies do not.
    if (offset === undefined) return onMessage(message, offset);
    const own = message.uid === target.uid && message.type === BROADCAST && message.data?.requestId === undefined;
    try {
      onMessage(own ? { ...message, uid: ownEntries } : message, offset);
    } finally {
      deliveredThrough = offset;
    }
  };

  return {
    deliveredThrough: () => deliveredThrough,
    async confirmed(emit) {
      const writes: Array<Promise<unknown>> = [];
      collecting = writes;
      try {
        emit();
      } finally {
        collecting = undefined;
      }
      await Promise.all(writes);
    },
  };
}
