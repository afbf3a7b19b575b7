/**
 * Browser entry of the comments example's Svelte page (`/comments/svelte/`): the same chapter page
 * as the React one, on the same backend, with @switchboard/svelte stores over the page's subscriber.
 * The .svelte components are compiled by the kit's bundler (svelte/compiler).
 */
import { chapterComments, chapterViewers } from '@switchboard/schemas/comments';
import { exposeForTests, startExamplePage } from '@switchboard-example/kit/client';
import { mount } from 'svelte';
import { DEFAULT_CHAPTER_ID } from '../chapters.js';
import { STYLES } from '../client/styles.js';
import ChapterPage from './ChapterPage.svelte';

// Client events: the page whispers "… is typing" to the other viewers.
const page = await startExamplePage({ clientEvents: true });
const chapterId = new URLSearchParams(location.search).get('chapter') ?? DEFAULT_CHAPTER_ID;
exposeForTests({ chapterComments, chapterViewers });

const style = document.createElement('style');
style.textContent = STYLES;
document.head.append(style);

mount(ChapterPage, { target: page.root, props: { page, chapterId } });
