/** The Vue page's small components, as render functions: one comment (editable by its author), the form (which reports typing), who's viewing. */
import type { PresenceState } from '@switchboard/core/client';
import type { Comment, ViewerPresence } from '@switchboard/schemas/comments';
import { defineComponent, h, type PropType, ref } from 'vue';

/** Runs `action` with a busy flag and its error message. */
function useAction() {
  const busy = ref(false);
  const error = ref<string>();
  const run = async (action: () => Promise<void>, done: () => void) => {
    busy.value = true;
    error.value = undefined;
    try {
      await action();
      done();
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      busy.value = false;
    }
  };
  return { busy, error, run };
}

export const CommentItem = defineComponent({
  props: {
    comment: { type: Object as PropType<Comment>, required: true },
    isOwn: Boolean,
    onEdit: { type: Function as PropType<(text: string) => Promise<void>>, required: true },
    onDelete: { type: Function as PropType<() => Promise<void>>, required: true },
  },
  setup(props) {
    const draft = ref<string>();
    const { busy, error, run } = useAction();
    const stopEditing = () => {
      draft.value = undefined;
    };
    const button = (action: string, label: string, onClick: () => void, primary = false) =>
      h('button', { type: 'button', 'data-action': action, class: primary ? 'primary' : undefined, disabled: busy.value, onClick }, label);
    return () => {
      const { comment } = props;
      const edited = comment.updatedAt !== comment.createdAt;
      return h('li', { class: 'comment', 'data-comment-id': comment.id, 'data-author': comment.author.id }, [
        h('div', { class: 'row comment-head' }, [
          h('strong', comment.author.name),
          h('span', { class: 'muted' }, `${new Date(comment.createdAt).toLocaleTimeString()}${edited ? ' · edited' : ''}`),
        ]),
        draft.value === undefined
          ? h('p', { class: 'comment-text' }, comment.text)
          : h('textarea', {
              'aria-label': 'Edit comment',
              rows: 2,
              value: draft.value,
              onInput: (event: Event) => {
                draft.value = (event.target as HTMLTextAreaElement).value;
              },
            }),
        props.isOwn
          ? h(
              'div',
              { class: 'row' },
              draft.value === undefined
                ? [
                    button('edit', 'Edit', () => {
                      draft.value = comment.text;
                    }),
                    button('delete', 'Delete', () => void run(props.onDelete, stopEditing)),
                  ]
                : [
                    button('save', 'Save', () => void run(() => props.onEdit(draft.value ?? ''), stopEditing), true),
                    button('cancel', 'Cancel', stopEditing),
                  ],
            )
          : null,
        error.value ? h('p', { class: 'error' }, error.value) : null,
      ]);
    };
  },
});

export const CommentForm = defineComponent({
  props: {
    onSubmit: { type: Function as PropType<(text: string) => Promise<void>>, required: true },
    /** Called with `true` while the box has text, `false` once it is emptied, sent or left. */
    onTyping: { type: Function as PropType<(typing: boolean) => void>, required: true },
  },
  setup(props) {
    const text = ref('');
    const { busy, error, run } = useAction();
    const submit = (event: Event) => {
      event.preventDefault();
      props.onTyping(false);
      void run(
        () => props.onSubmit(text.value),
        () => {
          text.value = '';
        },
      );
    };
    return () =>
      h('form', { id: 'comment-form', onSubmit: submit }, [
        h('textarea', {
          name: 'text',
          'aria-label': 'Your comment',
          placeholder: 'Ask a question or share a thought…',
          rows: 3,
          value: text.value,
          onInput: (event: Event) => {
            text.value = (event.target as HTMLTextAreaElement).value;
            props.onTyping(text.value.trim() !== '');
          },
          onBlur: () => props.onTyping(false),
        }),
        h('div', { class: 'row' }, [
          h('button', { type: 'submit', class: 'primary', disabled: busy.value || text.value.trim() === '' }, 'Post comment'),
          error.value ? h('span', { class: 'error' }, error.value) : null,
        ]),
      ]);
  },
});

export const ViewersList = defineComponent({
  props: {
    viewers: { type: Object as PropType<PresenceState<ViewerPresence>>, required: true },
    userId: { type: String, required: true },
  },
  setup(props) {
    return () => {
      const { viewers, userId } = props;
      const sorted = [...viewers.members].sort((a, b) => a.data.name.localeCompare(b.data.name));
      const last = viewers.lastEvent;
      return h('aside', { class: 'card viewers', 'aria-label': "Who's viewing" }, [
        h('strong', "Who's viewing"),
        viewers.status === 'error' ? h('p', { class: 'muted' }, `Presence unavailable: ${viewers.error?.message}`) : null,
        h(
          'ul',
          { id: 'viewers' },
          sorted.map((member) =>
            h('li', { key: member.userId, 'data-user': member.userId }, [
              h('span', { class: 'avatar', 'aria-hidden': 'true' }, member.data.name.slice(0, 1)),
              member.data.name,
              member.userId === userId ? h('span', { class: 'muted' }, ' (you)') : null,
            ]),
          ),
        ),
        last && last.member.userId !== userId
          ? h('p', { class: 'muted', id: 'viewers-last' }, `${last.member.data.name} ${last.type === 'leave' ? 'left' : 'joined'}`)
          : null,
      ]);
    };
  },
});
