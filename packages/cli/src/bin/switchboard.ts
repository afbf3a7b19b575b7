#!/usr/bin/env node
/**
 * `switchboard`: operate a Switchboard deployment from a terminal, with the same environment
 * variables as `publisherFromEnv`. tail, publish, presence and history read the app's contract
 * module (--contract); doctor checks the configuration and connectivity. Errors are one line with
 * the error code; the exit code is 1.
 */
import { parseArgs } from 'node:util';
import { RealtimeError } from '@switchboard/core';
import { doctor } from '../commands/doctor.js';
import { history } from '../commands/history.js';
import { presence } from '../commands/presence.js';
import { publish } from '../commands/publish.js';
import { tail } from '../commands/tail.js';
import { loadContract } from '../contract.js';

const USAGE = `Usage: switchboard <command> [arguments] [options]

Commands:
  tail <channel>                   Print every event of a channel as JSON lines (Ctrl-C stops)
  publish <channel> <event> <json> Validate against the contract and publish; prints the id
  presence <channel>               Who is present on a presence channel
  history <channel>                The channel's retained messages (Redis history store, REDIS_URL)
  doctor                           Check the provider's configuration and connectivity

Options:
  --contract <module>  The module that exports your channel definitions (tail, publish, presence, history)
  --user <id>          The user tail subscribes as (default switchboard-cli)
  --limit <n>          history: how many messages (default 100)
  --prefix <prefix>    history: the history store's key prefix (default switchboard:history)
  -h, --help           Show this help

Provider and credentials come from the environment, as publisherFromEnv reads them:
REALTIME_PROVIDER, SOCKET_IO_URL/SOCKET_IO_SECRET, PUSHER_APP_ID/KEY/SECRET/CLUSTER (+ PUSHER_HOST/PORT),
ABLY_API_KEY, REDIS_URL.
`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      contract: { type: 'string' },
      user: { type: 'string', default: 'switchboard-cli' },
      limit: { type: 'string', default: '100' },
      prefix: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  const env = process.env;
  switch (command) {
    case 'doctor':
      return doctor(env);
    case 'tail':
      await tail(await loadContract(values.contract), args[0], env, values.user);
      return 0;
    case 'publish':
      await publish(await loadContract(values.contract), args, env);
      return 0;
    case 'presence':
      await presence(await loadContract(values.contract), args[0], env);
      return 0;
    case 'history':
      await history(await loadContract(values.contract), args[0], env, { limit: Number(values.limit), prefix: values.prefix });
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = RealtimeError.isInstance(error) ? `${error.code}: ` : '';
    console.error(`switchboard: ${code}${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
