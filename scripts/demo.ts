/**
 * `pnpm demo`: every example app behind one index page on one port, on the embedded Socket.IO hub
 * (`REALTIME_PROVIDER=pusher|ably` with the usual variables switches provider). `--emulators` runs
 * the hub and the local Pusher and Ably emulators side by side, switchable live from the index page
 * (the operator link is printed); `--single-emulator` runs only the Pusher or Ably emulator.
 * Prints the URL; Ctrl-C stops everything.
 * See examples/README.md.
 */
import '../examples/demo/src/main.js';
