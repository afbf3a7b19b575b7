/** `switchboard publish <channel> <event> <json>`: validates against the contract, publishes, prints the id. */
import { type AnyChannelDefinition, publisherFromEnv, RealtimeError } from '@switchboard/core';
import { channelOf } from '../contract.js';

export async function publish(
  definitions: readonly AnyChannelDefinition[],
  [name, event, json]: Array<string | undefined>,
  env: Record<string, string | undefined>,
) {
  const channel = channelOf(definitions, name);
  if (!event || !Object.hasOwn(channel.definition.events, event)) {
    throw new RealtimeError(
      'INVALID_EVENT',
      `"${channel.definition.template}" has no event ${JSON.stringify(event ?? '')}; it has ${Object.keys(channel.definition.events).join(', ')}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(json ?? '');
  } catch {
    throw new RealtimeError('VALIDATION_FAILED', `The data must be JSON, got ${JSON.stringify(json ?? '')}`);
  }
  const publisher = publisherFromEnv(env);
  try {
    const { id } = await publisher.publish(channel, event as never, data as never);
    console.log(JSON.stringify({ id, channel: channel.name, event }));
  } finally {
    await publisher.close();
  }
}
