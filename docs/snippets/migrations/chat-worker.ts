// worker: the same publisher the backend uses, from the same environment.
import { publisherFromEnv } from '@switchboard/core/server';
import { conversation } from '@switchboard/schemas/conversations';

const publisher = publisherFromEnv(); // REALTIME_PROVIDER=ably + ABLY_API_KEY

export async function reportSearching(conversationId: string, sources: number): Promise<void> {
  await publisher.publish(conversation({ conversationId }), 'status', {
    status: 'searching',
    detail: `Searching ${sources} sources…`,
    timestamp: new Date().toISOString(),
  });
}

export async function finish(conversationId: string, goalId: string, opportunitiesCount: number): Promise<void> {
  await publisher.publish(conversation({ conversationId }), 'complete', { goalId, opportunitiesCount });
}
