/**
 * `pnpm emulators`: the Pusher and Ably emulators on fixed ports for a dev server beside them, with
 * the variables to export printed; the same command as `npx switchboard-emulators` from
 * @switchboard/testing. See docs/testing.md.
 */
import '../packages/testing/src/bin/switchboard-emulators.js';
