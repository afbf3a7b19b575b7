/**
 * Browser entry of the comments example's Vue page (`/comments/vue/`): the same chapter page as
 * the React one, on the same backend, with @switchboard/vue composables over the page's subscriber.
 */
import { chapterComments, chapterViewers } from '@switchboard/schemas/comments';
import { createSwitchboard } from '@switchboard/vue';
import { exposeForTests, startExamplePage } from '@switchboard-example/kit/client';
import { createApp, h } from 'vue';
import { DEFAULT_CHAPTER_ID } from '../chapters.js';
import { STYLES } from '../client/styles.js';
import { ChapterPage } from './chapter-page.js';

// Client events: the page whispers "… is typing" to the other viewers.
const page = await startExamplePage({ clientEvents: true });
const chapterId = new URLSearchParams(location.search).get('chapter') ?? DEFAULT_CHAPTER_ID;
exposeForTests({ chapterComments, chapterViewers });

const style = document.createElement('style');
style.textContent = STYLES;
document.head.append(style);

createApp(() => h(ChapterPage, { page, chapterId }))
  .use(createSwitchboard({ subscriber: page.realtime }))
  .mount(page.root);
