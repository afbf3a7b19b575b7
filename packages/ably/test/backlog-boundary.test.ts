import { describe, expect, it } from 'vitest';
import { createBacklogBoundary, createClockLag } from '../src/subscriber/backlog-boundary.js';

/** A local clock the test moves by hand; Ably's clock is `local - skew`. */
function clocks(skewMs: number) {
  let local = 1_000_000;
  return {
    now: () => local,
    advance: (ms: number) => {
      local += ms;
    },
    ably: () => local - skewMs,
  };
}

describe('backlog boundary', () => {
  it('flags nothing while no backlog was announced', () => {
    const clock = clocks(0);
    const boundary = createBacklogBoundary(createClockLag(), clock.now);
    expect(boundary.isReplay(clock.ably() - 60_000)).toBe(false);
    expect(boundary.isReplay(undefined)).toBe(false);
  });

  it('flags messages published before the attach and ends the backlog at the first live one, with a device clock a minute off', () => {
    for (const skew of [60_000, -60_000]) {
      const clock = clocks(skew);
      const boundary = createBacklogBoundary(createClockLag(), clock.now);
      // Live traffic before the drop, 20–40 ms in transit: the clock offset is learned from it.
      for (const transit of [40, 20, 30]) {
        const published = clock.ably();
        clock.advance(transit);
        expect(boundary.isReplay(published)).toBe(false);
      }
      const missedAt = [clock.ably() + 100, clock.ably() + 900];
      clock.advance(2000);
      const attachedOnAblysClock = clock.ably();
      clock.advance(25); // ATTACHED in transit
      boundary.opened();
      expect(missedAt.map((timestamp) => boundary.isReplay(timestamp))).toEqual([true, true]);
      expect(boundary.isReplay(attachedOnAblysClock - 1), 'published just before the attach').toBe(true);
      expect(boundary.isReplay(attachedOnAblysClock + 10), 'published after the attach').toBe(false);
      // The backlog is over: even an older timestamp (a late copy) is not a replay of this attach.
      expect(boundary.isReplay(missedAt[0])).toBe(false);
    }
  });

  it('learns Ably’s clock from live messages on other channels of the connection', () => {
    const clock = clocks(-60_000);
    const shared = createClockLag();
    const busy = createBacklogBoundary(shared, clock.now);
    const published = clock.ably();
    clock.advance(30);
    busy.isReplay(published);
    const rewound = createBacklogBoundary(shared, clock.now);
    const history = [clock.ably() - 5000, clock.ably() - 10];
    clock.advance(30);
    rewound.opened();
    expect(history.map((timestamp) => rewound.isReplay(timestamp))).toEqual([true, true]);
    clock.advance(100);
    expect(rewound.isReplay(clock.ably() - 30)).toBe(false);
  });

  it('closes an open backlog when continuity is lost', () => {
    const clock = clocks(0);
    const boundary = createBacklogBoundary(createClockLag(), clock.now);
    boundary.opened();
    boundary.closed();
    expect(boundary.isReplay(clock.ably() - 1000)).toBe(false);
  });
});
