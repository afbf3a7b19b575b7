/**
 * Logical name → channel: the server side of channel names (the auth handler's and hub's checker).
 * Browsers build names from params (`channel.ts`) and never parse them back, so this lives apart
 * and stays out of their bundles.
 */
import {
  type AnyChannelDefinition,
  type ChannelRef,
  MAX_CHANNEL_NAME_LENGTH,
  PARAM_VALUE_SOURCE,
  type ParsedParams,
  parseTemplate,
} from './channel.js';

const matchers = new WeakMap<AnyChannelDefinition, RegExp>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Parses a logical name back into the params of `definition`, or `undefined` when the name is not
 * of that family. (Was `definition.parse(name)`.)
 */
export function parseChannelName<TDefinition extends AnyChannelDefinition>(
  definition: TDefinition,
  name: string,
): ParsedParams<TDefinition['template']> | undefined {
  if (typeof name !== 'string' || name.length > MAX_CHANNEL_NAME_LENGTH) return undefined;
  let matcher = matchers.get(definition);
  if (!matcher) {
    const parts = parseTemplate(definition.template);
    matcher = new RegExp(`^${parts.map((part) => escapeRegExp(part.literal) + (part.param ? PARAM_VALUE_SOURCE : '')).join('')}$`);
    matchers.set(definition, matcher);
  }
  const match = matcher.exec(name);
  if (!match) return undefined;
  return Object.fromEntries(definition.paramNames.map((param, index) => [param, match[index + 1]])) as ParsedParams<
    TDefinition['template']
  >;
}

/**
 * Finds the one definition a logical name belongs to, with its params. A name that two different
 * definitions match is ambiguous and matches none: it is never resolved to whichever comes first
 * (servers refuse such overlapping definitions when they are built; see `createChannelChecker`).
 */
export function matchChannel(definitions: Iterable<AnyChannelDefinition>, name: string): ChannelRef | undefined {
  let found: ChannelRef | undefined;
  for (const definition of definitions) {
    if (found?.definition === definition) continue;
    const params = parseChannelName(definition, name);
    if (!params) continue;
    if (found) return undefined;
    found = { name, definition, params };
  }
  return found;
}
