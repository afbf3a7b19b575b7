/**
 * Worker processes for examples whose backend hands work to another process (a queue consumer in
 * production). The worker is a TypeScript file run through tsx with the `@switchboard/source`
 * condition, like the server; it gets the provider's variables and builds its publisher with
 * `publisherFromEnv(process.env)`. It talks to its parent over the IPC channel.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isSwitchDone, isSwitchMessage, SWITCH_REQUEST } from './worker-switch.js';

/** A forked worker process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Sends a message over IPC; rejects when the worker is gone. */
  send(message: unknown): Promise<void>;
  /** Listens to the worker's messages; returns the function that stops listening. */
  onMessage(listener: (message: unknown) => void): () => void;
  /** Ends the worker and waits for it to exit. Safe to call twice. */
  close(): Promise<void>;
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The workers of this process still running, for `switchWorkers`. */
const running = new Set<ChildProcess>();

/**
 * Asks every running worker to switch its publisher to `provider` (`workerPublisherFromEnv`) and
 * waits for each answer: the server calls it before it moves the pages (`pnpm demo --emulators`).
 */
export async function switchWorkers(provider: string, timeoutMs = 10_000): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => finish(new Error(`worker ${child.pid} did not switch to ${provider} in ${timeoutMs} ms`)),
            timeoutMs,
          );
          const onMessage = (message: unknown) => {
            if (isSwitchDone(message) && message.provider === provider) finish(message.error ? new Error(message.error) : undefined);
          };
          const onExit = () => finish();
          function finish(error?: Error) {
            clearTimeout(timer);
            child.off('message', onMessage);
            child.off('exit', onExit);
            if (error) reject(error);
            else resolve();
          }
          child.on('message', onMessage);
          child.once('exit', onExit);
          if (!child.connected) return finish();
          child.send({ type: SWITCH_REQUEST, provider }, (error) => error && finish());
        }),
    ),
  );
}

/** Forks `modulePath` (absolute path of a `.ts` file) with `env` added to this process's environment. */
export function forkWorker(modulePath: string, env: Record<string, string>): WorkerProcess {
  const child = fork(modulePath, [], {
    env: { ...process.env, ...env },
    execArgv: ['--import', tsxLoader, '--conditions=@switchboard/source'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    send(message) {
      return new Promise((resolve, reject) => {
        if (!child.connected) return reject(new Error('The worker process is not running'));
        child.send(message as never, (error) => (error ? reject(error) : resolve()));
      });
    },
    onMessage(listener) {
      // The provider-switch protocol (worker-switch.ts) is the kit's, not the example's.
      const filtered = (message: unknown) => {
        if (!isSwitchMessage(message)) listener(message);
      };
      child.on('message', filtered);
      return () => child.off('message', filtered);
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * For the worker side: exits when the parent goes away (its IPC channel closes), so a worker can
 * never outlive the server, even when the server is killed hard.
 */
export function exitWithParent(cleanup: () => Promise<void> = async () => {}): void {
  const exit = () => {
    cleanup().finally(() => process.exit(0));
  };
  process.once('disconnect', exit);
  process.once('SIGTERM', exit);
  process.once('SIGINT', exit);
}
