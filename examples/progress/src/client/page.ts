/**
 * The learner's page: progress bars for the kit and each level, a checklist of lessons, and a log
 * of the events as they arrive. Clicking "Complete" only sends a request; the bars move when the
 * CMS hooks' events come back over the realtime channel, in every window of this learner. On open
 * the log shows the channel's recent events from the history store (`rewind`); after a reconnect
 * the subscriber catches up from the store, and what the store cannot vouch for makes the page
 * reload its records (`refetchOnGap`) rather than stay stale.
 */

import type { MessageMeta } from '@switchboard/core/client';
import { type KitProgress, type LessonProgress, type LevelProgress, progress } from '@switchboard/schemas/progress';
import { element, exposeForTests, markReady, refetchOnGap, startExamplePage } from '@switchboard-example/kit/client';
import type { Kit } from '../catalog.js';

interface Snapshot {
  kit: Kit;
  lessons: Array<{ lessonId: number; isCompleted: boolean }>;
  levels: Array<{ levelId: number; completedLessonsCount: number }>;
  kitProgress: { completionPercentage: number; completedLessonsCount: number; totalLessonsCount: number } | null;
}

const page = await startExamplePage();
/** How many recent events the log shows on open (three per completed lesson). */
const RECENT_EVENTS = 15;
const { kit, lessons, levels, kitProgress } = await page.api.get<Snapshot>('/progress');
const completed = new Set(lessons.filter((lesson) => lesson.isCompleted).map((lesson) => lesson.lessonId));

function bar(id: string, label: string): { root: HTMLElement; set(percent: number, caption: string): void } {
  const fill = element('div', { class: 'fill' });
  const caption = element('span', { class: 'muted', 'data-caption': id });
  const track = element('div', { class: 'track', role: 'progressbar', 'aria-label': label, id, 'data-percent': '0' }, fill);
  return {
    root: element('div', { class: 'bar' }, element('div', { class: 'row' }, element('strong', {}, label), caption), track),
    set(percent, text) {
      fill.style.width = `${percent}%`;
      track.dataset.percent = String(percent);
      track.setAttribute('aria-valuenow', String(percent));
      caption.textContent = text;
    },
  };
}

const style = element(
  'style',
  {},
  `.track { height: 12px; background: #eef1f6; border-radius: 6px; overflow: hidden; margin: 6px 0 12px; }
   .fill { height: 100%; width: 0; background: linear-gradient(90deg, #2f6fed, #36b37e); transition: width .4s ease; }
   .lesson { display: flex; justify-content: space-between; align-items: center; padding: 6px 0; border-top: 1px solid #eef1f6; }
   .lesson[data-completed="true"] .title::before { content: "✓ "; color: #137333; }
   #events li { font-family: ui-monospace, monospace; font-size: 13px; }`,
);

const kitBar = bar('kit-progress', kit.title);
const levelBars = new Map(kit.levels.map((level) => [level.id, bar(`level-${level.id}`, level.title)]));
const lessonRows = new Map<number, HTMLElement>();
const eventsList = element('ol', { id: 'events', reversed: true });

function renderLesson(lessonId: number, title: string): HTMLElement {
  const done = completed.has(lessonId);
  const action = done ? 'reopen' : 'complete';
  return element(
    'div',
    { class: 'lesson', 'data-lesson': lessonId, 'data-completed': String(done) },
    element('span', { class: 'title' }, title),
    element(
      'button',
      { class: done ? '' : 'primary', 'data-action': action, onclick: () => void page.api.post(`/lessons/${lessonId}/${action}`) },
      done ? 'Reopen' : 'Complete',
    ),
  );
}

const total = kit.levels.reduce((sum, level) => sum + level.lessons.length, 0);
kitBar.set(kitProgress?.completionPercentage ?? 0, `${kitProgress?.completedLessonsCount ?? 0} of ${total} lessons`);
const levelSections = kit.levels.map((level) => {
  const levelBar = levelBars.get(level.id)!;
  const count = levels.find((record) => record.levelId === level.id)?.completedLessonsCount ?? 0;
  levelBar.set(Math.round((count / level.lessons.length) * 100), `${count} of ${level.lessons.length}`);
  const rows = level.lessons.map((lesson) => {
    const row = renderLesson(lesson.id, lesson.title);
    lessonRows.set(lesson.id, row);
    return row;
  });
  return element('section', { class: 'card' }, levelBar.root, ...rows);
});

page.root.append(
  style,
  element(
    'p',
    { class: 'muted' },
    `Progress of ${page.session.user.name}. Events arrive on the private channel progress:user:${page.session.user.id}.`,
  ),
  element('section', { class: 'card' }, kitBar.root),
  ...levelSections,
  element('section', { class: 'card' }, element('strong', {}, 'Events received'), eventsList),
);

/** Events from history (on open, or caught up after a reconnect) are marked as recovered. */
function logEvent(meta: MessageMeta, timestamp: string, detail: string): void {
  const time = new Date(timestamp).toLocaleTimeString();
  eventsList.prepend(
    element(
      'li',
      { 'data-event': meta.event, 'data-recovered': String(meta.recovered) },
      `${time} ${meta.event} — ${detail}${meta.recovered ? ' (from history)' : ''}`,
    ),
  );
}

function setLesson(lessonId: number, isCompleted: boolean): string {
  if (isCompleted) completed.add(lessonId);
  else completed.delete(lessonId);
  const title = kit.levels.flatMap((level) => level.lessons).find((lesson) => lesson.id === lessonId)?.title ?? String(lessonId);
  lessonRows.get(lessonId)?.replaceWith(renderLesson(lessonId, title));
  lessonRows.set(lessonId, document.querySelector(`[data-lesson="${lessonId}"]`) as HTMLElement);
  return title;
}

function onLesson(data: LessonProgress, meta: MessageMeta): void {
  const title = setLesson(Number(data.lessonId), data.isCompleted);
  logEvent(meta, data.timestamp, `${title}: ${data.isCompleted ? 'completed' : 'reopened'}`);
}

function setLevel(levelId: number, count: number): string | undefined {
  const level = kit.levels.find((candidate) => candidate.id === levelId);
  if (!level) return undefined;
  levelBars.get(level.id)?.set(Math.round((count / level.lessons.length) * 100), `${count} of ${level.lessons.length}`);
  return `${level.title}: ${count} of ${level.lessons.length}`;
}

function onLevel(data: LevelProgress, meta: MessageMeta): void {
  const detail = setLevel(Number(data.levelId), data.completedLessonsCount);
  if (detail) logEvent(meta, data.timestamp, detail);
}

/** The records from the API, after a gap the history store could not fill. */
async function reload(): Promise<void> {
  const fresh = await page.api.get<Snapshot>('/progress');
  const done = new Set(fresh.lessons.filter((lesson) => lesson.isCompleted).map((lesson) => lesson.lessonId));
  for (const lessonId of lessonRows.keys()) if (done.has(lessonId) !== completed.has(lessonId)) setLesson(lessonId, done.has(lessonId));
  for (const level of kit.levels)
    setLevel(level.id, fresh.levels.find((record) => record.levelId === level.id)?.completedLessonsCount ?? 0);
  const count = fresh.kitProgress?.completedLessonsCount ?? 0;
  kitBar.set(fresh.kitProgress?.completionPercentage ?? 0, `${count} of ${total} lessons`);
}

function onKit(data: KitProgress, meta: MessageMeta): void {
  kitBar.set(data.completionPercentage, `${data.completedLessonsCount} of ${data.totalLessonsCount} lessons`);
  logEvent(meta, data.timestamp, `${data.completionPercentage}%`);
}

const subscription = page.realtime.subscribe(
  progress({ userId: page.session.user.id }),
  {
    'lesson:created': onLesson,
    'lesson:updated': onLesson,
    'level:created': onLevel,
    'level:updated': onLevel,
    'kit:updated': onKit,
  },
  // Replayed in order before live events, so the bars end where the latest event left them.
  { rewind: RECENT_EVENTS, onGap: refetchOnGap(reload) },
);
exposeForTests({ progress });
await markReady([subscription]);
