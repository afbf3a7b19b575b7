// The learner's app: typed progress events on the learner's own channel only.
import { createSubscriber } from '@switchboard/core/client';
import { progress } from '@switchboard/schemas/progress';

const realtime = createSubscriber({
  authEndpoint: '/api/realtime',
  adapters: { ably: () => import('@switchboard/ably/subscriber') },
});

export function followProgress(userId: number, render: (percentage: number) => void, refetch: () => void) {
  return realtime.subscribe(
    progress({ userId }),
    { 'kit:updated': (kit) => render(kit.completionPercentage) },
    { onGap: refetch }, // continuity was lost: reload what may have been missed
  );
}
