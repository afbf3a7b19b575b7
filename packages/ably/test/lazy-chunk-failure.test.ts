/**
 * Presence reading (`presence-events.ts`) loads with the first presence channel; when its chunk
 * cannot be fetched, the subscription fails with a RealtimeError naming the module, not a plain
 * Error, and the next attempt loads it again.
 */
import { RealtimeError } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AblyTestBed, startTestBed } from './emulator-setup.js';
import { definitions, lobby, unique } from './fixtures.js';

const failing = vi.hoisted(() => ({ presence: false }));

// The real module, unless the test makes its import fail as a lost chunk would.
vi.mock('../src/subscriber/presence-events.js', async (original) => {
  if (failing.presence) throw new TypeError('Failed to fetch dynamically imported module: presence-events.js');
  return original();
});

describe('ably presence reading that fails to load', () => {
  let bed: AblyTestBed;
  beforeAll(async () => {
    bed = await startTestBed(definitions);
  });
  afterAll(() => bed.emulator.close());

  it('a presence channel subscription is refused with PROVIDER_UNAVAILABLE naming presence-events.js; then presence works', async () => {
    const subscriber = bed.subscriber({ id: 'uma' });
    subscriber.onError(() => {});
    const room = lobby({ room: unique('chunk') });
    failing.presence = true;
    const refused = await subscriber.subscribe(room, 'note', () => {}).ready.catch((caught: unknown) => caught);
    expect(RealtimeError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', message: expect.stringContaining('presence-events.js') });
    failing.presence = false;
    await subscriber.presence(room).enter({ name: 'Uma' });
    expect((await subscriber.presence(room).members()).map((member) => member.userId)).toEqual(['uma']);
    await subscriber.close();
  });
});
