// The learner's app: typed progress events on the learner's own channel only.
import { createSubscriber } from '@switchboard/core/client';
import { progress } from '@switchboard/schemas/progress';

const realtime = createSubscriber({
  authEndpoint: '/api/realtime',
  // Every provider the backend may name (REALTIME_PROVIDER); the page loads only the one it runs.
  adapters: {
    ably: () => import('@switchboard/ably/subscriber'),
    'socket-io': () => import('@switchboard/socket-io/subscriber'),
  },
});

interface ProgressView {
  lessonChanged(lessonId: number | string, isCompleted: boolean): void;
  kitChanged(percentage: number): void;
}

export function followProgress(userId: number, view: ProgressView, refetch: () => void) {
  return realtime.subscribe(
    progress({ userId }),
    {
      'lesson:created': (lesson) => view.lessonChanged(lesson.lessonId, lesson.isCompleted),
      'lesson:updated': (lesson) => view.lessonChanged(lesson.lessonId, lesson.isCompleted),
      'kit:updated': (kit) => view.kitChanged(kit.completionPercentage),
    },
    { onGap: refetch }, // continuity was lost: reload what may have been missed
  );
}
