/**
 * Browser entry of the comments example: sign in with the kit, then render the React chapter page
 * inside <RealtimeProvider> with the page's subscriber (subscribe-only credentials from the
 * example's auth endpoint, whichever provider the server runs on).
 */
import { RealtimeProvider } from '@switchboard/react';
import { chapterComments, chapterViewers } from '@switchboard/schemas/comments';
import { exposeForTests, startExamplePage } from '@switchboard-example/kit/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_CHAPTER_ID } from '../chapters.js';
import { ChapterPage } from './chapter-page.js';
import { STYLES } from './styles.js';

// Client events: the page whispers "… is typing" to the other viewers.
const page = await startExamplePage({ clientEvents: true });
const chapterId = new URLSearchParams(location.search).get('chapter') ?? DEFAULT_CHAPTER_ID;
exposeForTests({ chapterComments, chapterViewers });

const style = document.createElement('style');
style.textContent = STYLES;
document.head.append(style);

createRoot(page.root).render(
  <StrictMode>
    <RealtimeProvider subscriber={page.realtime}>
      <ChapterPage page={page} chapterId={chapterId} />
    </RealtimeProvider>
  </StrictMode>,
);
