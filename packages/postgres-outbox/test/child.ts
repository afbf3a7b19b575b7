/** Runs a TypeScript fixture in its own Node process (workspace sources through tsx), to kill it with SIGKILL. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  process: ChildProcess;
  /** Lines printed so far. */
  readonly lines: string[];
  /** Resolves once a printed line starts with `prefix`. */
  waitFor(prefix: string, timeoutMs?: number): Promise<string>;
  /** SIGKILL: no cleanup, exactly a crash. Resolves once the process is gone. */
  kill(): Promise<void>;
}

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function startChild(script: string, config: Record<string, unknown>): Child {
  const child = spawn(
    process.execPath,
    ['--conditions=@switchboard/source', '--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))],
    {
      cwd: repositoryRoot,
      env: { ...process.env, FIXTURE_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    lines,
    async waitFor(prefix, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = lines.find((line) => line.startsWith(prefix));
        if (found !== undefined) return found;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`${script} printed no "${prefix}" line; stderr: ${stderr}`);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
