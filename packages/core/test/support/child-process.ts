/** Runs a TypeScript file of the tests in its own Node process (tsx, packages from source) and reads its JSON lines. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface TestProcess {
  child: ChildProcess;
  /** Resolves with the first JSON line printed that has `key`. */
  line<T = Record<string, unknown>>(key: string, timeoutMs?: number): Promise<T>;
  /** Writes a line to the process's standard input. */
  send(text: string): void;
  exited: Promise<number | null>;
  output(): string;
}

export function startTestProcess(file: string, args: string[] = [], env: Record<string, string> = {}): TestProcess {
  const child = spawn(`${repositoryRoot}node_modules/.bin/tsx`, ['--conditions=@switchboard/source', file, ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const waiting = new Set<() => void>();
  const parsed: Record<string, unknown>[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    buffer += chunk.toString();
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const text = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      try {
        parsed.push(JSON.parse(text) as Record<string, unknown>);
      } catch {
        // Not a JSON line: kept in output() for failure messages.
      }
    }
    for (const wake of [...waiting]) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    send: (text) => child.stdin?.write(`${text}\n`),
    line<T>(key: string, timeoutMs = 30_000) {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = parsed.find((entry) => key in entry);
          if (!found) return;
          waiting.delete(check);
          clearTimeout(timer);
          resolve(found as T);
        };
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`No "${key}" line within ${timeoutMs} ms; the process printed:\n${output}`));
        }, timeoutMs);
        waiting.add(check);
        void exited.then(() => setTimeout(() => waiting.has(check) && reject(new Error(`Exited without a "${key}" line:\n${output}`)), 50));
        check();
      });
    },
  };
}
