/** The channel every fault scenario streams on: numbered ticks, so a missing one is easy to name. */
import { defineChannel } from '@switchboard/core';
import { objectSchema } from '../conformance/catalog.js';

/** `faults:stream:{run}`: public, one `tick` event per message. */
export const faultStream = defineChannel('faults:stream:{run}', {
  access: 'public',
  events: {
    /** Message number `n` of the stream. */
    tick: objectSchema({
      /** Its position, from 0. */
      n: 'number',
    }),
  },
});

/** Channel definitions a rig's server must know (hub channel lists, outbox channels). */
export const faultChannels = [faultStream] as const;

let runs = 0;

/** A fresh stream channel, so concurrent scenarios never share one. */
export function freshStream(label: string) {
  return faultStream({ run: `${label}-${Date.now().toString(36)}-${(++runs).toString(36)}` });
}
