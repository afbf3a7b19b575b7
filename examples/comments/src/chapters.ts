/** The course chapters the example serves; the page shows one of them (`?chapter=`, else the first). */

/** A chapter of the course the page shows. */
export interface Chapter {
  id: string;
  title: string;
  paragraphs: string[];
}

export const CHAPTERS: readonly Chapter[] = [
  {
    id: 'realtime-basics',
    title: 'Chapter 3 · Channels, events and presence',
    paragraphs: [
      'A channel is a named stream of events. Publishers send to it from the backend; every page subscribed to it receives the event a moment later, whichever provider carries it.',
      'Presence channels also know who is subscribed. That is how this page lists who is reading along with you, and how a backend decides whether someone can be reached live or needs a push notification.',
    ],
  },
];

export const DEFAULT_CHAPTER_ID = 'realtime-basics';
