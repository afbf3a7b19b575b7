/**
 * Global setup of the examples project: one headless Chromium (a Playwright browser server every
 * test file connects to) and one `scripts/demo.ts` process per provider — the embedded Socket.IO
 * hub, the Pusher emulator and the Ably emulator — each with every example. Readiness is the
 * demo's own "Ready: <url>" line, never a sleep.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  browserSkipReason,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  type ExamplesEnvironment,
  PROVIDERS,
  type TestedProvider,
} from '@switchboard-example/kit/testing';
import { createTestDatabases, type TestDatabases, testPostgresUrl } from '@switchboard-example/kit/testing/databases';
import { type BrowserServer, chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = `${repositoryRoot}node_modules/.bin/tsx`;
const STARTUP_TIMEOUT_MS = 90_000;

interface DemoProcess {
  url: string;
  child: ChildProcess;
}

function startDemo(provider: TestedProvider, databaseUrl: string | undefined): Promise<DemoProcess> {
  const emulators = provider !== 'socket-io';
  const child = spawn(tsx, ['--conditions=@switchboard/source', 'scripts/demo.ts', ...(emulators ? ['--single-emulator'] : [])], {
    cwd: repositoryRoot,
    env: { ...process.env, PORT: '0', REALTIME_PROVIDER: provider, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`timed out after ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`The ${provider} demo did not start: ${error.message}\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Ready: (http:\/\/\S+?)\/?\s/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => fail(new Error(`exited with ${code}`)));
  });
}

function stopDemo(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const skipReason = browserSkipReason();
  const environment: ExamplesEnvironment = { servers: {} };
  if (skipReason) {
    environment.skipReason = skipReason;
    project.provide('switchboardExamples', environment);
    return async () => {};
  }
  const providers: TestedProvider[] = [...PROVIDERS];
  // On a real PostgreSQL server in CI (a database per demo process), on embedded PGlite elsewhere.
  const postgres = testPostgresUrl();
  const databases: TestDatabases | undefined = postgres ? await createTestDatabases(postgres, providers) : undefined;
  const [browserResult, ...demoResults] = await Promise.allSettled([
    chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
    ...providers.map((provider) => startDemo(provider, databases?.urls[provider])),
  ]);
  const browser = browserResult.status === 'fulfilled' ? (browserResult.value as BrowserServer) : undefined;
  const demos = demoResults.flatMap((result) => (result.status === 'fulfilled' ? [result.value as DemoProcess] : []));
  const teardown = async () => {
    await Promise.all(demos.map((demo) => stopDemo(demo.child)));
    await browser?.close();
    await databases?.drop();
  };
  const failure = [browserResult, ...demoResults].find((result) => result.status === 'rejected');
  if (failure) {
    await teardown();
    throw failure.reason;
  }
  environment.browserEndpoint = browser?.wsEndpoint();
  providers.forEach((provider, index) => {
    environment.servers[provider] = demos[index]?.url;
  });
  project.provide('switchboardExamples', environment);
  return teardown;
}
