/** The page the browser test loads: a Vue component that shows the score it hears over Socket.IO. */
import { createSubscriberTransport } from '@switchboard/socket-io/subscriber';
import { createSwitchboard, useConnectionState, useEvent } from '@switchboard/vue';
import { createApp, defineComponent, h, ref } from 'vue';
import { scoreboard } from '../../../../fixtures/bindings/scoreboard-channel.js';

const Scoreboard = defineComponent({
  props: { matchId: { type: String, required: true } },
  setup(props) {
    const score = ref('no score yet');
    const connection = useConnectionState();
    const state = useEvent(
      () => scoreboard({ matchId: props.matchId }),
      'score:changed',
      ({ home, away }) => {
        score.value = `${home} – ${away}`;
      },
    );
    return () =>
      h('main', [
        h('p', { id: 'score', 'data-status': state.value.status, 'data-connection': connection.value }, score.value),
        state.value.error ? h('p', { id: 'error' }, state.value.error.message) : null,
      ]);
  },
});

createApp(() => h(Scoreboard, { matchId: 'final' }))
  .use(createSwitchboard({ options: { adapter: createSubscriberTransport({ url: window.location.origin }) } }))
  .mount('#root');
