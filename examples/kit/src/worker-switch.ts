/**
 * The IPC messages with which the server moves its worker processes to another provider before it
 * moves the pages (`pnpm demo --emulators`): `switchWorkers` sends a request to every worker
 * `forkWorker` started and waits for each answer; `workerPublisherFromEnv` answers it.
 */

/** Server → worker: switch your publisher to `provider`. */
export const SWITCH_REQUEST = 'switchboard:switch-provider';
/** Worker → server: done (or `error`). */
export const SWITCH_DONE = 'switchboard:provider-switched';

export interface SwitchMessage {
  type: typeof SWITCH_REQUEST | typeof SWITCH_DONE;
  provider: string;
  error?: string;
}

function isMessage(message: unknown, type: string): message is SwitchMessage {
  return typeof message === 'object' && message !== null && (message as SwitchMessage).type === type;
}

export const isSwitchRequest = (message: unknown): message is SwitchMessage => isMessage(message, SWITCH_REQUEST);
export const isSwitchDone = (message: unknown): message is SwitchMessage => isMessage(message, SWITCH_DONE);
/** Messages of this protocol, which `WorkerProcess.onMessage` does not hand to the example. */
export const isSwitchMessage = (message: unknown): boolean => isSwitchRequest(message) || isSwitchDone(message);
