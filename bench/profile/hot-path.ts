/**
 * A CPU-profile target for the hot path, outside `pnpm bench`: one rig, many messages, nothing
 * else in the process. Run with
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx --conditions=@switchboard/source bench/profile/hot-path.ts socket-io-off`
 * and open the .cpuprofile in Chrome DevTools (or summarize it with bench/profile/top-functions.ts).
 * Rigs: memory-off, memory, socket-io-off, socket-io, raw-recovery.
 */
import { MeasuredRig } from '../overhead/delivery-rig.js';
import { switchboardMemoryRig } from '../overhead/memory-rig.js';
import { rawSocketIoRig, switchboardSocketIoRig } from '../overhead/socket-io-rigs.js';

const rigs = {
  'memory-off': () => switchboardMemoryRig({ validate: false }),
  memory: () => switchboardMemoryRig(),
  'socket-io-off': () => switchboardSocketIoRig({ validate: false }),
  'socket-io': () => switchboardSocketIoRig(),
  'raw-recovery': () => rawSocketIoRig({ recovery: true }),
};
const name = (process.argv[2] ?? 'memory-off') as keyof typeof rigs;
const messages = Number(process.argv[3] ?? 100_000);
const rig = new MeasuredRig(await rigs[name]());
await rig.throughput(5000, 64, 10_000);
const sample = await rig.throughput(messages, 64, 30_000);
console.log(`${name}: ${sample.cpuMicrosecondsPerMessage.toFixed(2)} µs CPU per message, ${Math.round(sample.perSecond)}/s`);
await rig.close();
process.exit(0);
