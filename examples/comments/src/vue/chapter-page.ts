/**
 * The Vue chapter page: the chapter's text, its comments kept live by `useChannel`, a form, who is
 * reading (`usePresence`, this user present while the page is open) and who is typing (whispers).
 */
import { chapterComments, chapterViewers } from '@switchboard/schemas/comments';
import { useChannel, useConnectionState, usePresence } from '@switchboard/vue';
import { type ExamplePage, refetchOnGap } from '@switchboard-example/kit/client';
import { computed, defineComponent, h, onScopeDispose, type PropType, ref, shallowRef, watchEffect } from 'vue';
import type { Chapter } from '../chapters.js';
import { commentApi } from '../client/comment-api.js';
import { typingSignal, typingText, watchTypists } from '../client/typing-hints.js';
import { applyChange, type CommentChange, EMPTY_COMMENTS, REWIND_EVENTS, sortedComments } from '../comment-changes.js';
import { CommentForm, CommentItem, ViewersList } from './comment-views.js';

export const ChapterPage = defineComponent({
  props: {
    page: { type: Object as PropType<ExamplePage>, required: true },
    chapterId: { type: String, required: true },
  },
  setup(props) {
    const user = props.page.session.user;
    const api = commentApi(props.page, props.chapterId);
    const state = shallowRef(EMPTY_COMMENTS);
    const update = (change: CommentChange) => {
      state.value = applyChange(state.value, change);
    };
    const chapter = shallowRef<Chapter>();
    const loadError = ref<string>();
    const comments = computed(() => sortedComments(state.value));

    // A gap the history store could not fill (the subscriber already caught up on the rest): reload.
    const reload = async () => {
      const known = new Set(state.value.byId.keys());
      update({ type: 'reload', comments: (await api.load()).comments, known });
    };
    const channel = useChannel(
      chapterComments({ chapterId: props.chapterId }),
      {
        'comment:new': ({ comment }) => update({ type: 'upsert', comments: [comment] }),
        'comment:update': ({ comment }) => update({ type: 'upsert', comments: [comment] }),
        'comment:delete': ({ commentId }) => update({ type: 'delete', commentId }),
      },
      { rewind: REWIND_EVENTS, onGap: refetchOnGap(reload) },
    );
    const viewers = usePresence(chapterViewers({ chapterId: props.chapterId }), { data: { name: user.name }, userId: user.id });
    const connection = useConnectionState();
    const typists = shallowRef<string[]>([]);
    onScopeDispose(
      watchTypists(props.page.realtime, props.chapterId, user.id, (now) => {
        typists.value = now;
      }),
    );
    const signalTyping = typingSignal(props.page.realtime, props.chapterId);
    api.load().then(
      (answer) => {
        chapter.value = answer.chapter;
        update({ type: 'upsert', comments: answer.comments });
      },
      (error: Error) => {
        loadError.value = error.message;
      },
    );

    const failure = computed(() => loadError.value ?? channel.value.error?.message ?? viewers.value.error?.message);
    // `<body data-ready>` for tests: "true" once loaded and both channels are confirmed.
    watchEffect(() => {
      if (failure.value) document.body.dataset.ready = 'error';
      else if (chapter.value && channel.value.status === 'subscribed' && viewers.value.status === 'subscribed')
        document.body.dataset.ready = 'true';
    });

    return () =>
      h('div', { class: 'chapter-layout' }, [
        h('article', [
          failure.value ? h('p', { class: 'card', id: 'kit-error' }, `Realtime refused: ${failure.value}`) : null,
          h('h2', chapter.value?.title ?? 'Loading the chapter…'),
          ...(chapter.value?.paragraphs ?? []).map((paragraph) => h('p', { key: paragraph }, paragraph)),
          h('section', { class: 'card' }, [
            h('div', { class: 'row' }, [
              h('strong', `Comments (${comments.value.length}) · Vue`),
              h('span', { class: 'muted', id: 'live-state', 'data-state': connection.value }, `live updates: ${connection.value}`),
            ]),
            h(
              'ol',
              { id: 'comments' },
              comments.value.map((comment) =>
                h(CommentItem, {
                  key: comment.id,
                  comment,
                  isOwn: comment.author.id === user.id,
                  onEdit: async (text: string) => update({ type: 'upsert', comments: [await api.edit(comment.id, text)] }),
                  onDelete: async () => {
                    await api.remove(comment.id);
                    update({ type: 'delete', commentId: comment.id });
                  },
                }),
              ),
            ),
            comments.value.length === 0 ? h('p', { class: 'muted' }, 'No comments yet. Be the first.') : null,
            h(
              'p',
              { class: 'muted', id: 'typing', 'data-users': typists.value.join(','), 'aria-live': 'polite' },
              typingText(typists.value, viewers.value.members),
            ),
            h(CommentForm, {
              onSubmit: async (text: string) => update({ type: 'upsert', comments: [await api.create(text)] }),
              onTyping: signalTyping,
            }),
          ]),
        ]),
        h(ViewersList, { viewers: viewers.value, userId: user.id }),
      ]);
  },
});
