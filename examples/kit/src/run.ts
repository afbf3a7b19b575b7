/**
 * The command line around `startExamples`: `--emulators` / `--single-emulator`, `PORT`, the printed URL, and a clean
 * stop on Ctrl-C / SIGINT / SIGTERM (backends and their workers, the hub or emulator, the server).
 */
import type { ExampleDefinition } from './example.js';
import { type RunningExamples, startExamples } from './server.js';

export interface RunExamplesOptions {
  /** @default process.argv.slice(2) */
  argv?: readonly string[];
  /** @default process.env */
  env?: Record<string, string | undefined>;
}

const USAGE = `Usage: [REALTIME_PROVIDER=socket-io|pusher|ably] [PORT=3000] <command> [--emulators | --single-emulator]
  (default)           the embedded Socket.IO hub; REALTIME_PROVIDER=pusher|ably reads the usual variables
  --emulators         the hub and the local Pusher and Ably emulators side by side, starting on
                      REALTIME_PROVIDER (default pusher); the index page switches provider live
  --single-emulator   only the local Pusher (default) or Ably emulator, chosen with REALTIME_PROVIDER`;

/** Starts the examples, prints where they are, and stops everything on SIGINT or SIGTERM. */
export async function runExamples(examples: readonly ExampleDefinition[], options: RunExamplesOptions = {}): Promise<RunningExamples> {
  const argv = options.argv ?? process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const unknown = argv.filter((argument) => argument !== '--emulators' && argument !== '--single-emulator');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(' ')}\n${USAGE}`);
    process.exit(2);
  }
  let running: RunningExamples;
  try {
    running = await startExamples({
      examples,
      emulators: argv.includes('--single-emulator') ? 'single' : argv.includes('--emulators') ? 'switch' : false,
      env: options.env ?? process.env,
    });
  } catch (error) {
    console.error(`Could not start: ${(error as Error).message}`);
    process.exit(1);
  }
  if (running.portFallback) console.log(`Port ${options.env?.PORT ?? process.env.PORT ?? 3000} is taken; using another one.`);
  console.log(`Switchboard examples on ${running.providerLabel}`);
  if (running.operatorToken)
    console.log(`Operator control (switches the provider live): ${running.url}/?operator=${running.operatorToken}`);
  console.log(`Ready: ${running.url}/`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    // If something refuses to close, do not hang the terminal.
    const deadline = setTimeout(() => {
      console.error('Stopping took longer than 10 s; exiting anyway.');
      process.exit(1);
    }, 10_000);
    deadline.unref();
    running.close().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Stopping failed:', error);
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a terminal's Ctrl-C may arrive twice (directly and relayed by tsx).
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return running;
}
