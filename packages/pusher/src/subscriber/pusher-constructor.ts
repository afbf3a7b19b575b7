/**
 * The pusher-js constructor, whichever build the bundler picked. The web and Node builds export it
 * as the default; the React Native build (Metro follows its `react-native` field) exports
 * `module.exports.Pusher = { default: Pusher }`, so a plain default import is not a constructor there.
 */

import type Pusher from 'pusher-js';
import * as PusherModule from 'pusher-js';

type PusherConstructor = typeof Pusher;

function isConstructor(value: unknown): value is PusherConstructor {
  return typeof value === 'function';
}

/** Finds the constructor among the shapes the pusher-js builds export. */
export function pusherConstructor(): PusherConstructor {
  const module = PusherModule as unknown as Record<string, unknown> & { default?: Record<string, unknown> };
  for (const shape of [module.default, module.Pusher, module.default?.Pusher] as Array<{ default?: unknown } | undefined>) {
    for (const candidate of [shape, shape?.default]) if (isConstructor(candidate)) return candidate;
  }
  throw new TypeError('pusher-js did not export its Pusher constructor');
}
