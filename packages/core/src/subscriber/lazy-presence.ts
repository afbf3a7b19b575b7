/**
 * `subscriber.presence(channel)` loads presence (the roster and the member checks) on first use, so a
 * page that only subscribes to events never downloads it.
 */
import { assertChannelRef, type ChannelRef } from '../channel.js';
import { jsonSizeOverLimit } from '../envelope.js';
import { RealtimeError } from '../errors.js';
import { loadChunk } from '../kit/lazy-chunk.js';
import { issuesError } from '../validation.js';
import type { ChannelEntry } from './channel-entry.js';
import type { PresenceContext, PresenceLibrary } from './subscriber-presence.js';
import type { PresenceChannel } from './subscriber-types.js';

/**
 * What the presence chunk uses of the code every subscriber loads, handed over instead of
 * imported: a lazy chunk importing those modules would split them into a third file that every
 * page downloads (one more request, and gzip loses what the files share).
 */
export const presenceLibrary: PresenceLibrary = { RealtimeError, jsonSizeOverLimit, issuesError };

type PresenceModule = typeof import('./subscriber-presence.js');

/** Set once loaded: a chunk that could not be fetched is not remembered, so the next presence call tries again. */
let presenceModule: PresenceModule | undefined;
const loadPresence = async (): Promise<PresenceModule> =>
  (presenceModule ??= await loadChunk(() => import('./subscriber-presence.js'), 'subscriber-presence.js'));

/** A presence channel whose implementation is imported on the first call. */
export function lazyPresenceChannel(context: PresenceContext, ref: ChannelRef): PresenceChannel<unknown> {
  assertChannelRef(ref);
  const channel = async () => (await loadPresence()).presenceChannel(context, ref);
  return {
    enter: async (data) => (await channel()).enter(data),
    update: async (data) => (await channel()).update(data),
    leave: async () => (await channel()).leave(),
    members: async () => (await channel()).members(),
    onChange(listener) {
      let stop: (() => void) | undefined;
      let stopped = false;
      channel().then(
        (loaded) => {
          // Registered even when already stopped, so presence is set up and then let go as without lazy loading.
          stop = loaded.onChange(listener);
          if (stopped) stop();
        },
        (error: unknown) => context.report(error, { channel: ref.name }),
      );
      return () => {
        stopped = true;
        stop?.();
      };
    },
  };
}

/** After a reconnect, re-reads the rosters of channels that use presence (loads nothing: rosters exist only once presence is loaded). */
export function refreshRostersLazily(context: PresenceContext, entries: Iterable<ChannelEntry>): void {
  // Not loaded yet: a presence channel whose load is under way reads its roster once it is.
  const target = context.loaded();
  if (presenceModule && target) void presenceModule.refreshRosters([...entries], target, context.report);
}
