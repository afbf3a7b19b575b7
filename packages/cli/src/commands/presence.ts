/** `switchboard presence <channel>`: who is present, one entry per user, as JSON. */
import { type AnyChannelDefinition, publisherFromEnv } from '@switchboard/core';
import { channelOf } from '../contract.js';

export async function presence(
  definitions: readonly AnyChannelDefinition[],
  name: string | undefined,
  env: Record<string, string | undefined>,
) {
  const channel = channelOf(definitions, name);
  const publisher = publisherFromEnv(env);
  try {
    console.log(JSON.stringify({ channel: channel.name, members: await publisher.presence(channel).members() }));
  } finally {
    await publisher.close();
  }
}
