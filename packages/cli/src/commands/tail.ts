/** `switchboard tail <channel>`: prints every event of a channel as one JSON line, until interrupted. */
import type { AnyChannelDefinition } from '@switchboard/core';
import { channelOf } from '../contract.js';
import { serverSubscriber } from '../server-subscriber.js';

export async function tail(
  definitions: readonly AnyChannelDefinition[],
  name: string | undefined,
  env: Record<string, string | undefined>,
  user: string,
) {
  const channel = channelOf(definitions, name);
  const { subscriber, close } = await serverSubscriber(definitions, env, user);
  const handlers = Object.fromEntries(
    Object.keys(channel.definition.events).map((event) => [
      event,
      (data: unknown, meta: { id: string; timestamp: number; recovered: boolean }) =>
        console.log(
          JSON.stringify({ channel: channel.name, event, id: meta.id, timestamp: meta.timestamp, recovered: meta.recovered, data }),
        ),
    ]),
  );
  subscriber.onError((error, context) =>
    console.error(`error: ${error.code}: ${error.message}${context.event ? ` (${context.event})` : ''}`),
  );
  subscriber.onGap((gap) => console.error(`gap: ${gap.reason} on ${gap.channel}: messages may have been missed`));
  await subscriber.subscribe(channel, handlers as never).ready;
  console.error(`tailing ${channel.name} (Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await close();
}
