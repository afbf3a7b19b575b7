/** The list of push notifications the stand-in received for the session. */
import { element } from '@switchboard-example/kit/client';

/** One received notification, as `GET /sessions/:id/pushes` answers it. */
export interface SessionPush {
  to: string;
  recipient: string | undefined;
  recipientName: string | undefined;
  title: string;
  body: string;
  event: string | undefined;
  receivedAt: string;
}

export function renderPushes(list: HTMLElement, pushes: readonly SessionPush[], myId: string): void {
  if (pushes.length === 0) {
    list.replaceChildren(element('li', { class: 'muted empty' }, 'None yet: they are sent only while the recipient is away.'));
    return;
  }
  list.replaceChildren(
    ...pushes.map((push) =>
      element(
        'li',
        { class: 'push', 'data-recipient': push.recipient ?? '', 'data-event': push.event ?? '' },
        element('div', { class: 'push-title' }, push.title),
        element('div', {}, push.body),
        element(
          'div',
          { class: 'muted' },
          `${new Date(push.receivedAt).toLocaleTimeString()} · to ${push.recipient === myId ? 'your phone' : `${push.recipientName ?? push.to}'s phone`}`,
        ),
      ),
    ),
  );
}
