/**
 * Loads the app's contract module (the file that exports its channel definitions) and turns a
 * logical channel name into a channel reference of one of them.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AnyChannelDefinition, type ChannelRef, isChannelDefinition, matchChannel, RealtimeError } from '@switchboard/core';

/** Every channel definition the module exports, directly or in arrays and objects one level down. */
export async function loadContract(path: string | undefined): Promise<AnyChannelDefinition[]> {
  if (!path) throw new RealtimeError('CONFIG', 'Pass --contract <module>: the file that exports your channel definitions (defineChannel)');
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (cause) {
    throw new RealtimeError('CONFIG', `Could not load the contract module ${path}: ${(cause as Error).message}`, { cause });
  }
  const found = new Set<AnyChannelDefinition>();
  const visit = (value: unknown, depth: number) => {
    if (isChannelDefinition(value)) found.add(value as AnyChannelDefinition);
    else if (depth < 2 && value && typeof value === 'object') for (const inner of Object.values(value)) visit(inner, depth + 1);
  };
  for (const value of Object.values(module)) visit(value, 0);
  if (found.size === 0) throw new RealtimeError('CONFIG', `The contract module ${path} exports no channel definitions (defineChannel)`);
  return [...found];
}

/** The reference of a logical channel name, or CONFIG naming the templates it could have matched. */
export function channelOf(definitions: readonly AnyChannelDefinition[], name: string | undefined): ChannelRef {
  if (!name) throw new RealtimeError('CONFIG', 'Name the channel, e.g. progress:user:42');
  const ref = matchChannel(definitions, name);
  if (!ref) {
    throw new RealtimeError(
      'INVALID_CHANNEL',
      `"${name}" matches none of the contract's channels: ${definitions.map((definition) => definition.template).join(', ')}`,
    );
  }
  return ref;
}
