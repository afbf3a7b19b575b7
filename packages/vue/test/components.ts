/** Components the composable tests mount, written with render functions (no SFC compiler). */
import type { PresenceEvent } from '@switchboard/core/client';
import { defineComponent, h, type PropType, ref } from 'vue';
import { useConnectionState, useEvent, usePresence } from '../src/index.js';
import { progress, room } from './fixtures.js';

/** Counts `lesson:updated` messages of one user's channel; shows status and connection state. */
export const Counter = defineComponent({
  props: { userId: { type: Number, required: true }, label: { type: String, default: 'counter' } },
  setup(props) {
    const count = ref(0);
    const state = useEvent(
      () => progress({ userId: props.userId }),
      'lesson:updated',
      () => {
        count.value += 1;
      },
    );
    const connection = useConnectionState();
    return () =>
      h('p', { 'data-testid': props.label, 'data-status': state.value.status, 'data-connection': connection.value }, String(count.value));
  },
});

/** Shows who is in room `r`; present with `name` unless `watchOnly`. */
export const Room = defineComponent({
  props: {
    name: { type: String, default: 'Ada' },
    watchOnly: Boolean,
    onEvent: { type: Function as PropType<(event: PresenceEvent<{ name: string }>) => void>, default: undefined },
  },
  setup(props) {
    const presence = usePresence(room({ roomId: 'r' }), {
      data: () => (props.watchOnly ? undefined : { name: props.name }),
      userId: 'ada',
      onChange: (event) => props.onEvent?.(event),
    });
    return () =>
      h('div', { 'data-testid': 'room', 'data-status': presence.value.status }, [
        h('p', { class: 'members' }, presence.value.members.map((member) => member.data.name).join(', ')),
        h('p', { class: 'self' }, presence.value.self ? `self ${presence.value.self.data.name}` : 'absent'),
      ]);
  },
});
