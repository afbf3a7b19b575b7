#!/usr/bin/env node
/**
 * `npx switchboard-emulators` (`pnpm emulators` in this repository): the Pusher and Ably protocol
 * emulators on fixed 127.0.0.1 ports beside a dev server, with fixed credentials, printed as the
 * `export` lines `publisherFromEnv` reads. Ctrl-C stops both. See docs/testing.md.
 */
import { parseArgs } from 'node:util';
import { type AblyEmulator, startAblyEmulator } from '../ably-emulator/index.js';
import { type PusherEmulator, startPusherEmulator } from '../pusher-emulator/index.js';

const DEFAULT_PUSHER_PORT = 7110;
const DEFAULT_ABLY_PORT = 7111;

/** Fixed, so a `.env` written once keeps working across restarts. They only open local emulators. */
const PUSHER_CREDENTIALS = { appId: 'switchboard-dev', key: 'switchboard-dev-key', secret: 'switchboard-dev-secret' };
const ABLY_API_KEY = 'switchboard-dev.local:switchboard-dev-secret';

const USAGE = `Usage: switchboard-emulators [options]

Starts the Pusher and Ably protocol emulators on 127.0.0.1 and prints the environment
variables that point publisherFromEnv (and your auth endpoint) at them. Ctrl-C stops them.

Options:
  --pusher-port <port>  Pusher emulator port (HTTP API and WebSocket); env SWITCHBOARD_PUSHER_PORT
                        (default ${DEFAULT_PUSHER_PORT}; 0 picks a free port)
  --ably-port <port>    Ably emulator port (REST and realtime); env SWITCHBOARD_ABLY_PORT
                        (default ${DEFAULT_ABLY_PORT}; 0 picks a free port)
  --only <provider>     Start only "pusher" or only "ably"
  -h, --help            Show this help
`;

/** A failure the user can fix: printed without a stack; `usage` adds the help text. */
class CliError extends Error {
  constructor(
    message: string,
    readonly usage = true,
  ) {
    super(message);
  }
}

interface Settings {
  pusherPort: number | undefined;
  ablyPort: number | undefined;
}

/** `label` is how the user wrote it: `--ably-port 99999` or `SWITCHBOARD_ABLY_PORT=99999`. */
function parsePort(value: string, label: string): number {
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`${label} is not a port (an integer from 0 to 65535)`);
  }
  return port;
}

function readSettings(argv: string[], env: NodeJS.ProcessEnv): Settings | 'help' {
  // `pnpm emulators -- --ably-port 9000` passes the `--` through: it separates nothing here.
  const args = argv.filter((argument, index) => !(argument === '--' && index === 0));
  const options = {
    'pusher-port': { type: 'string' },
    'ably-port': { type: 'string' },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const values = (() => {
    try {
      return parseArgs({ args, options, allowPositionals: false, strict: true }).values;
    } catch (error) {
      throw new CliError((error as Error).message);
    }
  })();
  if (values.help) return 'help';
  const only = values.only;
  if (only !== undefined && only !== 'pusher' && only !== 'ably') {
    throw new CliError(`--only ${only}: expected "pusher" or "ably"`);
  }
  const port = (flag: string, flagValue: string | undefined, variable: string, fallback: number): number => {
    if (flagValue !== undefined) return parsePort(flagValue, `--${flag} ${flagValue}`);
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') return parsePort(fromEnv, `${variable}=${fromEnv}`);
    return fallback;
  };
  return {
    pusherPort: only === 'ably' ? undefined : port('pusher-port', values['pusher-port'], 'SWITCHBOARD_PUSHER_PORT', DEFAULT_PUSHER_PORT),
    ablyPort: only === 'pusher' ? undefined : port('ably-port', values['ably-port'], 'SWITCHBOARD_ABLY_PORT', DEFAULT_ABLY_PORT),
  };
}

/** Starts one emulator; a port in use becomes a message naming the port and how to pick another. */
async function listen<T>(name: string, port: number, flag: string, variable: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new CliError(
        `Port ${port} is already in use, so the ${name} emulator cannot listen on 127.0.0.1:${port}. ` +
          `Stop what holds it, or pick another port with ${flag} <port> (or ${variable}=<port>).`,
        false,
      );
    }
    if (code === 'EACCES') {
      throw new CliError(`Port ${port} is not allowed for the ${name} emulator; pick another with ${flag} <port>.`, false);
    }
    throw error;
  }
}

function block(title: string, variables: Record<string, string>): string {
  const lines = Object.entries(variables).map(([name, value]) => `export ${name}=${value}`);
  return `${title}\n${lines.join('\n')}\n`;
}

function describe(pusher: PusherEmulator | undefined, ably: AblyEmulator | undefined): string {
  const sections = ['Switchboard emulators (127.0.0.1 only; the credentials are fixed and open nothing else)\n'];
  if (pusher) {
    sections.push(
      block(`Pusher emulator on http://${pusher.host}:${pusher.port} (HTTP API and WebSocket):`, {
        REALTIME_PROVIDER: 'pusher',
        PUSHER_APP_ID: pusher.appId,
        PUSHER_KEY: pusher.key,
        PUSHER_SECRET: PUSHER_CREDENTIALS.secret,
        PUSHER_HOST: pusher.host,
        PUSHER_PORT: String(pusher.port),
        PUSHER_USE_TLS: 'false',
      }),
    );
  }
  if (ably) {
    sections.push(
      block(`Ably emulator on http://${ably.host}:${ably.port} (REST and realtime WebSocket):`, {
        REALTIME_PROVIDER: 'ably',
        ABLY_API_KEY,
        ABLY_ENDPOINT: ably.host,
        ABLY_PORT: String(ably.port),
        ABLY_TLS: 'false',
      }),
    );
  }
  sections.push('Run these lines in the shell that starts your server (or put them in .env without "export").');
  sections.push('Ready. Ctrl-C stops the emulators.');
  return `${sections.join('\n')}\n`;
}

async function main(): Promise<void> {
  // A closed pipe (`switchboard-emulators | head`) must not turn a clean stop into a crash.
  process.stdout.on('error', () => {});
  const settings = readSettings(process.argv.slice(2), process.env);
  if (settings === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const { pusherPort, ablyPort } = settings;
  let pusher: PusherEmulator | undefined;
  let ably: AblyEmulator | undefined;
  const closeAll = () => Promise.all([pusher?.close(), ably?.close()]);
  try {
    if (pusherPort !== undefined) {
      pusher = await listen('Pusher', pusherPort, '--pusher-port', 'SWITCHBOARD_PUSHER_PORT', () =>
        startPusherEmulator({ ...PUSHER_CREDENTIALS, port: pusherPort }),
      );
    }
    if (ablyPort !== undefined) {
      ably = await listen('Ably', ablyPort, '--ably-port', 'SWITCHBOARD_ABLY_PORT', () =>
        startAblyEmulator({ keys: [ABLY_API_KEY], port: ablyPort }),
      );
    }
  } catch (error) {
    await closeAll();
    throw error;
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write('Stopping the emulators…\n');
    closeAll().then(
      () => {
        process.stdout.write('Stopped.\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`Could not stop cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(describe(pusher, ably));
}

main().catch((error: unknown) => {
  if (error instanceof CliError) {
    process.stderr.write(`switchboard-emulators: ${error.message}\n${error.usage ? `\n${USAGE}` : ''}`);
    process.exitCode = error.usage ? 2 : 1;
    return;
  }
  process.stderr.write(`switchboard-emulators: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
