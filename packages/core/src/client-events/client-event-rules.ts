/**
 * What a client event must be, checked the same way by the sender (`whisper`), by every receiver,
 * by the Socket.IO hub and the memory hub before relaying, and by the servers where they first meet
 * a channel definition.
 */
import { type AnyChannelDefinition, assertEventName } from '../channel.js';
import { RealtimeError } from '../errors.js';
import type { StandardSchemaV1 } from '../standard-schema.js';

/**
 * The schema of a declared client event. Throws FORBIDDEN on a public channel (client events need
 * members the access rules admitted) and INVALID_EVENT for a name the channel does not declare.
 */
export function clientEventSchema(definition: AnyChannelDefinition, event: unknown, provider?: string): StandardSchemaV1 {
  if (definition.access === 'public') {
    throw new RealtimeError(
      'FORBIDDEN',
      `Client events are only allowed on private and presence channels; "${definition.template}" is public`,
      {
        provider,
        details: { reason: 'public channel' },
      },
    );
  }
  const schema =
    typeof event === 'string' && definition.clientEvents
      ? Object.hasOwn(definition.clientEvents, event) && definition.clientEvents[event]
      : undefined;
  if (!schema) {
    throw new RealtimeError(
      'INVALID_EVENT',
      `"${definition.template}" declares no client event ${JSON.stringify(String(event).slice(0, 80))}`,
      {
        provider,
        details: { event: String(event).slice(0, 128) },
      },
    );
  }
  return schema;
}

/**
 * For servers meeting the app's definitions (the auth handler's checker, the hub, authorizers):
 * CONFIG when a public channel declares client events or a client event's name is not an event name.
 */
export function assertClientEventDeclarations(definitions: readonly AnyChannelDefinition[]): void {
  for (const definition of definitions) {
    if (!definition.clientEvents) continue;
    if (definition.access === 'public') {
      throw new RealtimeError(
        'CONFIG',
        `Channel "${definition.template}" is public: client events are only allowed on private and presence channels`,
      );
    }
    for (const name of Object.keys(definition.clientEvents)) assertEventName(name);
  }
}

/** Whether a definition declares at least one client event. */
export function declaresClientEvents(definition: AnyChannelDefinition): boolean {
  return definition.access !== 'public' && Object.keys(definition.clientEvents ?? {}).length > 0;
}
