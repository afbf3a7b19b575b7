/** Runs the `switchboard` bin from source in its own process, the way a terminal would. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const CONTRACT = 'packages/cli/test/fixtures/contract.ts';

export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

export function runCli(args: string[], env: Record<string, string | undefined>): CliRun {
  const child = spawn(
    `${repositoryRoot}node_modules/.bin/tsx`,
    ['--conditions=@switchboard/source', 'packages/cli/src/bin/switchboard.ts', ...args],
    {
      cwd: repositoryRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs to the end; resolves with the exit code and what it printed. */
export async function cli(args: string[], env: Record<string, string | undefined>) {
  const run = runCli(args, env);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}
