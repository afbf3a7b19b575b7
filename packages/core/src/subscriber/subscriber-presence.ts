/**
 * Presence as a subscriber sees it: `presence(channel)` enters, updates and leaves with validated,
 * size-checked data; a roster per channel aggregates connections into one member per user with a
 * leave grace, and is re-read from the provider after a reconnect.
 */
import type { ChannelRef } from '../channel.js';
import type { jsonSizeOverLimit } from '../envelope.js';
import type { RealtimeError } from '../errors.js';
import { type PresenceEvent, PresenceRoster } from '../presence.js';
import { assertPresenceDataSize, DEFAULT_MAX_PRESENCE_DATA_BYTES, PresenceIntake } from '../presence-validation.js';
import type { SubscriberTransport } from '../transport.js';
import type { issuesError } from '../validation.js';
import type { ChannelEntry } from './channel-entry.js';
import type { ErrorReporter } from './error-reporter.js';
import type { PresenceChannel } from './subscriber-types.js';

/** What presence needs from the subscriber around it. */
export interface PresenceContext {
  /** Loads (once) and returns the transport. */
  transport(): Promise<SubscriberTransport>;
  /** The transport if already loaded. */
  loaded(): SubscriberTransport | undefined;
  entryFor(ref: ChannelRef): ChannelEntry;
  attach(entry: ChannelEntry): Promise<void>;
  /** Lets the channel go when nothing holds it any more. */
  release(entry: ChannelEntry): void;
  report: ErrorReporter;
  /** A user leaves this long after their last connection did. */
  graceMs: number;
  /** Largest member data in bytes of JSON; the default when undefined. */
  maxPresenceDataBytes: number | undefined;
  /** Core code this lazily loaded module uses (see `presenceLibrary` in lazy-presence.ts). */
  lib: PresenceLibrary;
}

/** The error class, JSON size bound and issue formatting, from the subscriber's own modules. */
export interface PresenceLibrary {
  RealtimeError: typeof RealtimeError;
  jsonSizeOverLimit: typeof jsonSizeOverLimit;
  issuesError: typeof issuesError;
}

const maxDataBytes = (context: PresenceContext) => context.maxPresenceDataBytes ?? DEFAULT_MAX_PRESENCE_DATA_BYTES;

/** The entry's member checks, made on first use of presence on the channel. */
function intakeOf(context: PresenceContext, entry: ChannelEntry): PresenceIntake {
  entry.presenceIntake ??= new PresenceIntake(entry.ref, {
    lib: context.lib,
    maxDataBytes: maxDataBytes(context),
    provider: () => context.loaded()?.provider,
    report: (error) => context.report(error, { channel: entry.ref.name }, entry),
  });
  return entry.presenceIntake;
}

/** Lets a presence-only channel go once nobody listens to its presence and this connection is not in it. */
function releasePresence(context: PresenceContext, entry: ChannelEntry): void {
  if (!entry.roster || entry.presenceListeners?.size || entry.presenceEntered) return;
  entry.roster.dispose();
  entry.roster = undefined;
  entry.presenceHolds = 0;
  context.release(entry);
}

/** Re-reads every roster from the provider (after a reconnect, events may have been missed). */
export async function refreshRosters(entries: Iterable<ChannelEntry>, target: SubscriberTransport, report: ErrorReporter): Promise<void> {
  for (const entry of entries) {
    if (!entry.roster || !entry.presenceIntake || !target.presence) continue;
    try {
      const members = await entry.presenceIntake.snapshot(await target.presence.members(entry.ref));
      entry.roster?.reset(members);
    } catch (error) {
      report(error, { channel: entry.ref.name }, entry);
    }
  }
}

/** `subscriber.presence(channel)`. */
export function presenceChannel(context: PresenceContext, ref: ChannelRef): PresenceChannel<unknown> {
  const { RealtimeError, issuesError } = context.lib;
  const entry = context.entryFor(ref);
  entry.presenceListeners ??= new Set();
  const listeners = entry.presenceListeners;
  const ensure = async () => {
    const { provider, presence, capabilities } = await context.transport();
    if (!capabilities.presence || !presence) {
      throw new RealtimeError('UNSUPPORTED', `${provider} does not support presence`, { provider, details: { capability: 'presence' } });
    }
    if (ref.definition.access !== 'presence') {
      throw new RealtimeError('INVALID_CHANNEL', `"${ref.name}" is not a presence channel (access: ${ref.definition.access})`, {
        provider,
      });
    }
    if (!entry.roster) {
      intakeOf(context, entry);
      entry.presenceHolds = (entry.presenceHolds ?? 0) + 1;
      entry.roster = new PresenceRoster(context.graceMs, (event) => {
        for (const listener of listeners) listener(event);
      });
      await context.attach(entry);
      const members = await intakeOf(context, entry).snapshot(await presence.members(ref));
      entry.roster?.reset(members);
    } else {
      await context.attach(entry);
    }
    return presence;
  };
  const validated = async (data: unknown) => {
    // Every member receiving this checks it with the same schema, so `enter()` without data is
    // refused here when the schema needs some.
    const result = await ref.definition.presence?.['~standard'].validate(data);
    if (result?.issues) throw issuesError(result.issues, `Presence data on "${ref.name}"`);
    const value = result ? result.value : data;
    // Members refuse larger data on arrival; refuse it here first.
    assertPresenceDataSize(context.lib, ref, value, maxDataBytes(context), context.loaded()?.provider);
    return value;
  };
  return {
    async enter(data) {
      const value = await validated(data);
      await (await ensure()).enter(ref, value);
      entry.presenceEntered = true;
    },
    async update(data) {
      const value = await validated(data);
      await (await ensure()).update(ref, value);
      entry.presenceEntered = true;
    },
    async leave() {
      await (await ensure()).leave(ref);
      entry.presenceEntered = false;
      releasePresence(context, entry);
    },
    async members() {
      await ensure();
      return entry.roster?.members() ?? [];
    },
    onChange(listener) {
      const typed = listener as (event: PresenceEvent) => void;
      listeners.add(typed);
      // If the listener left while presence was still being set up, let the channel go once it is.
      ensure().then(
        () => {
          if (!listeners.has(typed)) releasePresence(context, entry);
        },
        (error) => context.report(error, { channel: ref.name }, entry),
      );
      return () => {
        listeners.delete(typed);
        releasePresence(context, entry);
      };
    },
  };
}
