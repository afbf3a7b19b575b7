/**
 * Where and with what the numbers were taken: machine, Node, package versions, date, and the load
 * average sampled during the run (the machine may be shared with other work).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** The version of an installed package, read from its package.json next to the resolved entry. */
function installedVersion(name: string, from = root): string {
  const require = createRequire(join(from, 'package.json'));
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    // Packages whose exports map hides package.json: walk up from the resolved entry.
    try {
      let directory = require.resolve(name);
      for (let depth = 0; depth < 6; depth += 1) {
        directory = join(directory, '..');
        try {
          const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string };
          if (manifest.name === name && manifest.version) return manifest.version;
        } catch {}
      }
    } catch {}
    return 'unknown';
  }
}

const workspaceVersion = (folder: string) =>
  (JSON.parse(readFileSync(join(root, 'packages', folder, 'package.json'), 'utf8')) as { version: string }).version;

export interface LoadSampler {
  /** Load averages (1 min) sampled every few seconds during the run. */
  samples: number[];
  stop(): void;
}

export function sampleLoad(everyMs = 5000): LoadSampler {
  const samples = [os.loadavg()[0] ?? 0];
  const timer = setInterval(() => samples.push(os.loadavg()[0] ?? 0), everyMs);
  timer.unref();
  return { samples, stop: () => clearInterval(timer) };
}

export function describeEnvironment(load: LoadSampler, elapsedMs: number, quick: boolean): string {
  const cpus = os.cpus();
  const highest = Math.max(...load.samples);
  const average = load.samples.reduce((total, sample) => total + sample, 0) / load.samples.length;
  const shared = highest > cpus.length * 0.75;
  const versions = [
    `socket.io ${installedVersion('socket.io')}`,
    `socket.io-client ${installedVersion('socket.io-client')}`,
    `pusher ${installedVersion('pusher')}`,
    `pusher-js ${installedVersion('pusher-js')}`,
    `ably ${installedVersion('ably')}`,
    `valibot ${installedVersion('valibot', join(root, 'packages', 'schemas'))}`,
    `esbuild ${installedVersion('esbuild')}`,
    `size-limit ${installedVersion('size-limit')}`,
  ];
  const ours = ['core', 'socket-io', 'pusher', 'ably', 'schemas'].map((folder) => `@switchboard/${folder} ${workspaceVersion(folder)}`);
  return [
    `Measured on ${new Date().toISOString().slice(0, 10)}${quick ? ' (**quick run**: fewer rounds and smaller sizes; not for comparison)' : ''}, ` +
      `full run took ${Math.round(elapsedMs / 1000)} s.`,
    '',
    `- Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}`,
    `- Node ${process.version}`,
    `- Packages: ${ours.join(', ')} (workspace sources); ${versions.join(', ')}`,
    `- Load average (1 min) during the run: mean ${average.toFixed(1)}, highest ${highest.toFixed(1)} on ${cpus.length} cores.` +
      (shared
        ? ' **The machine was shared with other work during this run** (load above the core count), so wall-clock numbers ' +
          '(throughput, latency, fan-out times) are noisier and lower than on an idle machine; the CPU-per-message columns and ' +
          'the ratios between sides measured in the same run are the robust figures.'
        : ''),
  ].join('\n');
}
