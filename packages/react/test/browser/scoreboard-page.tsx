/** The page the browser test loads: a component that shows the score it hears over Socket.IO. */
import { RealtimeProvider, useConnectionState, useEvent } from '@switchboard/react';
import { socketIoSubscriber } from '@switchboard/socket-io/subscriber';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { scoreboard } from '../../../../fixtures/bindings/scoreboard-channel.js';

function Scoreboard({ matchId }: { matchId: string }) {
  const [score, setScore] = useState('no score yet');
  const connection = useConnectionState();
  const { status, error } = useEvent(scoreboard({ matchId }), 'score:changed', ({ home, away }) => setScore(`${home} – ${away}`));
  return (
    <main>
      <p id="score" data-status={status} data-connection={connection}>
        {score}
      </p>
      {error ? <p id="error">{error.message}</p> : null}
    </main>
  );
}

const subscriber = socketIoSubscriber({ url: window.location.origin });
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <RealtimeProvider subscriber={subscriber}>
      <Scoreboard matchId="final" />
    </RealtimeProvider>,
  );
}
