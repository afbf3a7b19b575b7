/** The course content the CMS serves: one kit of levels of lessons (ids as a CMS would number them). */

export interface Lesson {
  id: number;
  title: string;
}

export interface Level {
  id: number;
  title: string;
  lessons: readonly Lesson[];
}

export interface Kit {
  id: number;
  title: string;
  levels: readonly Level[];
}

export const STARTER_KIT: Kit = {
  id: 7,
  title: 'Electronics starter kit',
  levels: [
    {
      id: 71,
      title: 'Level 1 · Light',
      lessons: [
        { id: 711, title: 'Blink an LED' },
        { id: 712, title: 'Fade with PWM' },
        { id: 713, title: 'Traffic lights' },
      ],
    },
    {
      id: 72,
      title: 'Level 2 · Sensors',
      lessons: [
        { id: 721, title: 'Read a button' },
        { id: 722, title: 'Measure light' },
        { id: 723, title: 'Thermometer' },
        { id: 724, title: 'Night light' },
      ],
    },
  ],
};

export function findLesson(kit: Kit, lessonId: number): { level: Level; lesson: Lesson } | undefined {
  for (const level of kit.levels) {
    const lesson = level.lessons.find((candidate) => candidate.id === lessonId);
    if (lesson) return { level, lesson };
  }
  return undefined;
}

export function lessonCount(kit: Kit): number {
  return kit.levels.reduce((total, level) => total + level.lessons.length, 0);
}
