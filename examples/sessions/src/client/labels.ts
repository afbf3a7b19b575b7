/** How the page names session events, for buttons and lists. */
import type { SessionEventName } from '@switchboard/schemas/sessions';

/** Button labels of the actions the page offers. */
export const ACTION_LABELS: Partial<Record<SessionEventName, string>> = {
  'partner.signed_compact': 'Sign the compact',
  'partner.stage_completed': 'Complete my stage',
  'partner.needs_shared': 'Share my needs',
  'agreement.proposed': 'Propose an agreement',
  'session.paused': 'Pause the session',
  'session.resumed': 'Resume the session',
};

const DESCRIPTIONS: Record<SessionEventName, string> = {
  'partner.signed_compact': 'signed the Curiosity Compact',
  'partner.stage_completed': 'completed a stage',
  'partner.advanced': 'moved to the next stage',
  'partner.empathy_shared': 'shared an empathy statement',
  'partner.needs_shared': 'shared their needs',
  'partner.ranking_submitted': 'submitted a ranking',
  'agreement.proposed': 'proposed an agreement',
  'agreement.confirmed': 'confirmed an agreement',
  'session.paused': 'paused the session',
  'session.resumed': 'resumed the session',
  'session.resolved': 'resolved the session',
};

export function describeEvent(event: string): string {
  return DESCRIPTIONS[event as SessionEventName] ?? event;
}
