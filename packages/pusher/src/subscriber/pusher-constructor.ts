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
  const nested = (value: unknown) => (value as { default?: unknown } | undefined)?.default;
  const candidates = [
    module.default,
    nested(module.default),
    module.Pusher,
    nested(module.Pusher),
    module.default?.Pusher,
    nested(module.default?.Pusher),
  ];
  const found = candidates.find(isConstructor);
  if (!found) throw new TypeError('pusher-js did not export its Pusher constructor');
  return found;
}
