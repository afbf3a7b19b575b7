/** What the subscriber keeps per attached channel: its listeners, de-duplication and presence state. */
import type { ChannelRef } from '../channel.js';
import type { PresenceEvent, PresenceRoster } from '../presence.js';
import type { PresenceIntake } from '../presence-validation.js';
import type { EventHandler, SubscribeOptions } from './subscriber-types.js';

/** One `subscribe` call: one event (or a map of handlers) and its options. */
export interface Listener {
  event: string | undefined;
  handlers: Record<string, EventHandler<unknown>>;
  options: SubscribeOptions;
}

/** The state of one channel this subscriber uses. */
export interface ChannelEntry {
  ref: ChannelRef;
  listeners: Set<Listener>;
  /** The attach in flight or done; cleared when it failed so the next subscribe retries. */
  attached?: Promise<void> | undefined;
  /** Recently seen message ids (`rememberId` in dedupe-window.ts). */
  dedupe: Set<string>;
  /** `listeners` as an array, rebuilt after a change; what one message is handed to. */
  snapshot?: Listener[] | undefined;
  /** Messages waiting behind one whose schema validates asynchronously (keeps per-channel order). */
  queue?: Promise<void> | undefined;
  roster?: PresenceRoster | undefined;
  /** Checks presence members as they arrive (schema, size) before the roster sees them; made with the roster. */
  presenceIntake?: PresenceIntake | undefined;
  /** Made, like the two fields below, when presence is first used on the channel. */
  presenceListeners?: Set<(event: PresenceEvent) => void>;
  presenceHolds?: number;
  /** This connection entered presence here and has not left, so the channel must stay attached. */
  presenceEntered?: boolean;
  /**
   * Publish time of the last message received here, else when the channel entry was made: a gap
   * starts no later than this, whenever the transport noticed it.
   */
  continuousSince: number;
}
