/**
 * “Where the microseconds go”: what a CPU profile of the Socket.IO hot path found, what was removed
 * (issue 20) and what each remaining microsecond is for. Written from profiles taken with
 * bench/profile/hot-path.ts; the numbers it cites come from the run's table (the caller passes them).
 */
import { paragraphs, type Section } from '../lib/markdown.js';

export function hotPathNotes(): Section {
  return {
    heading: 'Where the microseconds go',
    body: paragraphs(
      'How to look: `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx --conditions=@switchboard/source ' +
        'bench/profile/hot-path.ts socket-io-off 60000` runs one rig alone (rigs: `memory-off`, `memory`, `socket-io-off`, ' +
        '`socket-io`, `raw-recovery`) and prints its CPU per message; `tsx bench/profile/top-functions.ts <file>.cpuprofile 40 ' +
        '[--files]` lists self time by function or by file. The Socket.IO rows of “Adapter overhead” split the cost the same ' +
        'way: raw Socket.IO, plus connection-state recovery, plus Switchboard with validation off (its machinery), plus ' +
        'validation on both ends (the default policy).',
      '**Removed in this release.** (1) The envelope travels as version 2, a positional array (docs/protocol.md): for the ' +
        'bench message (152 bytes of data) the envelope costs 54 bytes instead of 105, so every message is 20% shorter to ' +
        'encode, frame, send and parse on every provider. (2) Message ids are a per-process random prefix plus a counter ' +
        'instead of a UUID drawn per message (`crypto.randomUUID` was visible in the profile; the shorter id is also cheaper ' +
        'to hash in the subscriber’s de-duplication set). (3) One serialization per message: Pusher’s `data` is the compact ' +
        'envelope’s JSON, the HTTP publisher serializes each entry once and joins the body from those strings (it serialized ' +
        'each twice: once to measure, once in the body), the hub’s HTTP endpoint proves the size with a bound instead of ' +
        'serializing every envelope, and the hub builds the array once per broadcast, which Socket.IO encodes once for all ' +
        'subscribers of the room. (4) A batch accepted at its first attempt (nearly all) allocates no retry bookkeeping ' +
        '(no copies, sets or maps), and the publisher’s send and the hub’s local publish settle with one promise each ' +
        "instead of nested async functions. (5) The validation policy (`validate: 'both' | 'publish' | 'receive' | false`, " +
        'docs/schemas.md) lets each end skip a check whose reason does not apply; validation was the largest single item. ' +
        '(6) From a second profile (issue 20, second pass; CPU per publish+deliver of `hot-path.ts memory-off`, 7 ' +
        'interleaved runs on a shared machine, median: 8.0 µs before, 6.3 µs after the first item, 5.8 µs after the ' +
        'second, 5.7 µs with all of them): the publisher sends the first attempt of a batch itself and enters the retry ' +
        'loop only when it failed, so an accepted publish makes two promises and no closures instead of seven promises ' +
        'and a dozen closures, and a publisher without telemetry hands its one observer the send directly; the ' +
        'subscriber’s de-duplication set grows to twice its window and then drops its oldest ids down to the window in one ' +
        'pass, instead of evicting the oldest id on every message, which took an iterator per message and slowed down as ' +
        'deleted slots piled up at the front of the set; the hub’s local broadcast makes no closure and counts /metrics ' +
        'without building a label key; a catalogued event name is not matched against the name pattern again on every ' +
        'publish (`defineChannel` checked it). (7) Third pass (same rig, interleaved A/B, median): the memory hub copies ' +
        'a message made of plain objects and arrays by hand instead of with `structuredClone` (Dates, Maps, class ' +
        'instances and cycles still go through `structuredClone`, so the isolation between publisher and subscribers is ' +
        'the same), 7.13 µs → 5.32 µs over 5 runs; the subscriber hands a message out with no closure per message ' +
        '(its state travels as arguments; only a schema that validates asynchronously makes two) and builds the meta ' +
        'without a `delete`, 5.35 µs → 3.75 µs over 3 runs, within the unchanged bundle guards (socket-io 3 B under its ' +
        'guard, 11 B more than before).',
      '**What remains, Socket.IO with validation off** (the profile’s self time, in shares of the Switchboard side): ' +
        'Socket.IO itself, as on the raw side: packet encoding (`socket.io-parser` encodeAsString) and parsing (tryParse), ' +
        'the WebSocket frame and `writev`, engine.io, the client’s emitter, together about two thirds of the CPU; ' +
        'connection-state recovery (the hub always enables it): the offset tagged onto every broadcast and the retained ' +
        'packet; garbage collection, about a sixth of the CPU against a ninth on the raw side: the envelope object and its ' +
        'wire array, the outbound message and its one-element batch, the publish promises, the subscriber’s parsed envelope ' +
        'and meta object; core’s publisher (channel check, the sequence map, the envelope, the size bound walked over the ' +
        'data) about 2%; the subscriber (envelope check, size bound on receipt, de-duplication set, meta, handler loop) ' +
        'about 3%; the extra bytes on the wire (the `switchboard:message` event and channel name arguments and the envelope ' +
        'around the data, ≈ 70 bytes over the raw side’s bare payload) inside Socket.IO’s encode and parse. The memory ' +
        'adapter’s floor adds the copy standing in for the wire (a hand-written deep copy of plain data, about 0.3 µs for ' +
        'the bench message against 2 µs for `structuredClone`) and a closure and a microtask per delivery; the bench harness itself (timestamps, the in-flight set, a promise per publish) costs about 0.5–1 µs per ' +
        'message on both sides of every comparison.',
      '**Bench artifact worth knowing.** The Switchboard sides run from TypeScript sources through tsx, whose transform keeps ' +
        'function names (`__name(fn, "name")`): every named closure created per message pays an `Object.defineProperty`. ' +
        'Neither the publish path nor the subscriber creates one per message any more (together they were well over a ' +
        'tenth of the memory floor’s profile); built packages never paid that cost, so part of the third pass’s gain on the ' +
        'memory floor (the subscriber’s share) is this artifact and an installed package gains less from it.',
      '**What would move it further.** Measured per message on this machine: validation is the schema library’s cost ' +
        "(valibot walks every field; see “Core cost”), so `'publish'` or `'receive'` halves it where the trust model " +
        'allows; the channel name argument could become a short per-connection alias (a protocol change); and the ' +
        'remaining promise per publish is the price of `publish()` answering with the provider’s acceptance.',
    ),
  };
}
