// Applies live messages to a snapshot exactly as a tablet does (live/protocol.js: the
// Sequencer for seq, regionsToSwap for regions), for the Python consistency test
// (tests/live/test_event_consistency.py), so that it cannot drift from live.js.
// stdin: {"snapshot": {"regions": {...}, "seq": n}, "messages": [event, ...]}
// stdout: {"regions": {...}, "seq": n, "held": [seq, ...], "resyncs": n}
import { Sequencer, applyToRegions } from "../../static/js/live/protocol.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { snapshot, messages } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

let regions = { ...snapshot.regions };
let resyncs = 0;
const sequencer = new Sequencer({
  apply: (message) => {
    regions = applyToRegions(regions, message.regions);
  },
  resync: () => {
    resyncs += 1;
  },
  // A gap is reported, never waited out: the test runs no clock.
  setTimer: () => 0,
  clearTimer: () => {},
});
sequencer.snapshot(snapshot);
for (const message of messages) sequencer.event({ ...message, type: "event" });
process.stdout.write(JSON.stringify({ regions, seq: sequencer.lastSeq, held: [...sequencer.early.keys()], resyncs }));
