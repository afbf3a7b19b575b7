/**
 * The learner's page: progress bars for the kit and each level, a checklist of lessons, and a log
 * of the events as they arrive. Clicking "Complete" only sends a request; the bars move when the
 * CMS hooks' events come back over the realtime channel, in every window of this learner.
 */

import { type KitProgress, type LessonProgress, type LevelProgress, progress } from '@switchboard/schemas/progress';
import { element, exposeForTests, markReady, startExamplePage } from '@switchboard-example/kit/client';
import type { Kit } from '../catalog.js';

interface Snapshot {
  kit: Kit;
  lessons: Array<{ lessonId: number; isCompleted: boolean }>;
  levels: Array<{ levelId: number; completedLessonsCount: number }>;
  kitProgress: { completionPercentage: number; completedLessonsCount: number; totalLessonsCount: number } | null;
}

const page = await startExamplePage();
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

function logEvent(event: string, detail: string): void {
  eventsList.prepend(element('li', { 'data-event': event }, `${new Date().toLocaleTimeString()} ${event} — ${detail}`));
}

function onLesson(data: LessonProgress, event: string): void {
  const lessonId = Number(data.lessonId);
  if (data.isCompleted) completed.add(lessonId);
  else completed.delete(lessonId);
  const title = kit.levels.flatMap((level) => level.lessons).find((lesson) => lesson.id === lessonId)?.title ?? String(lessonId);
  lessonRows.get(lessonId)?.replaceWith(renderLesson(lessonId, title));
  lessonRows.set(lessonId, document.querySelector(`[data-lesson="${lessonId}"]`) as HTMLElement);
  logEvent(event, `${title}: ${data.isCompleted ? 'completed' : 'reopened'}`);
}

function onLevel(data: LevelProgress, event: string): void {
  const level = kit.levels.find((candidate) => candidate.id === Number(data.levelId));
  if (!level) return;
  levelBars
    .get(level.id)
    ?.set(
      Math.round((data.completedLessonsCount / level.lessons.length) * 100),
      `${data.completedLessonsCount} of ${level.lessons.length}`,
    );
  logEvent(event, `${level.title}: ${data.completedLessonsCount} of ${level.lessons.length}`);
}

function onKit(data: KitProgress): void {
  kitBar.set(data.completionPercentage, `${data.completedLessonsCount} of ${data.totalLessonsCount} lessons`);
  logEvent('kit:updated', `${data.completionPercentage}%`);
}

const subscription = page.realtime.subscribe(progress({ userId: page.session.user.id }), {
  'lesson:created': (data, meta) => onLesson(data, meta.event),
  'lesson:updated': (data, meta) => onLesson(data, meta.event),
  'level:created': (data, meta) => onLevel(data, meta.event),
  'level:updated': (data, meta) => onLevel(data, meta.event),
  'kit:updated': (data) => onKit(data),
});
exposeForTests({ progress });
await markReady([subscription]);
