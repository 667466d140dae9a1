// live/protocol.js: the seq/gap/resync rules and which regions a message replaces.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Sequencer, applyToRegions, isStale, regionsToSwap, versionOf } from "../../static/js/live/protocol.js";

function harness() {
  const applied = [];
  const timers = [];
  let resyncs = 0;
  const seq = new Sequencer({
    apply: (m) => applied.push(m.seq === null ? m.event : m.seq),
    resync: () => { resyncs += 1; },
    setTimer: (fn, ms) => { timers.push({ fn, ms, live: true }); return timers.length - 1; },
    clearTimer: (id) => { timers[id].live = false; },
  });
  const fire = () => timers.filter((t) => t.live).forEach((t) => { t.live = false; t.fn(); });
  return { seq, applied, timers, fire, resyncs: () => resyncs };
}
const ev = (n) => ({ type: "event", event: `e${n}`, seq: n, regions: {} });

test("events in order are applied after the snapshot", () => {
  const h = harness();
  h.seq.snapshot({ seq: 4 });
  assert.equal(h.seq.event(ev(5)), "applied");
  assert.equal(h.seq.event(ev(6)), "applied");
  assert.deepEqual(h.applied, [5, 6]);
  assert.equal(h.seq.lastSeq, 6);
});

test("events before the snapshot, old and repeated ones are skipped", () => {
  const h = harness();
  assert.equal(h.seq.event(ev(3)), "skipped"); // no snapshot yet
  h.seq.snapshot({ seq: 4 });
  assert.equal(h.seq.event(ev(4)), "skipped");
  assert.equal(h.seq.event(ev(2)), "skipped");
  assert.deepEqual(h.applied, []);
});

test("two events that arrive swapped are applied in order, without a resync", () => {
  const h = harness();
  h.seq.snapshot({ seq: 5 });
  assert.equal(h.seq.event(ev(7)), "held");
  assert.equal(h.timers.length, 1);
  assert.equal(h.timers[0].ms, 400);
  assert.equal(h.seq.event(ev(6)), "applied");
  assert.deepEqual(h.applied, [6, 7]);
  assert.equal(h.timers[0].live, false, "the gap timer is stopped once the gap closes");
  h.fire();
  assert.equal(h.resyncs(), 0);
});

test("a gap that stays open asks for a snapshot and drops what it held", () => {
  const h = harness();
  h.seq.snapshot({ seq: 5 });
  h.seq.event(ev(7));
  h.seq.event(ev(8));
  assert.equal(h.timers.length, 1, "one timer for the gap, not one per early event");
  h.fire();
  assert.equal(h.resyncs(), 1);
  assert.equal(h.seq.early.size, 0);
  assert.equal(h.seq.event(ev(6)), "skipped", "after a resync, events wait for the snapshot");
  h.seq.snapshot({ seq: 8 });
  assert.equal(h.seq.event(ev(9)), "applied");
  assert.deepEqual(h.applied, [9]);
});

test("unnumbered events are always applied, and do not move seq", () => {
  const h = harness();
  assert.equal(h.seq.event({ type: "event", event: "tally", seq: null }), "applied");
  h.seq.snapshot({ seq: 2 });
  h.seq.event({ type: "event", event: "own", seq: null });
  assert.deepEqual(h.applied, ["tally", "own"]);
  assert.equal(h.seq.lastSeq, 2);
});

test("a snapshot clears what was held and stops the gap timer", () => {
  const h = harness();
  h.seq.snapshot({ seq: 1 });
  h.seq.event(ev(3));
  h.seq.snapshot({ seq: 3 });
  assert.equal(h.timers[0].live, false);
  assert.equal(h.seq.early.size, 0);
});

test("a reconnect waits for the snapshot", () => {
  const h = harness();
  h.seq.snapshot({ seq: 1 });
  h.seq.expectSnapshot();
  assert.equal(h.seq.event(ev(2)), "skipped");
});

test("versionOf reads the root element's data-version only", () => {
  assert.equal(versionOf('<div id="t" data-version="12"><p data-version="99"></p></div>'), "12");
  assert.equal(versionOf('  <div id="t"><p data-version="99"></p></div>'), null);
  assert.equal(versionOf(""), null);
});

test("an older version never replaces a newer one; a region without one always does", () => {
  assert.equal(isStale("3", "4"), true);
  assert.equal(isStale("4", "4"), false);
  assert.equal(isStale("10", "9"), false, "compared as numbers, not text");
  assert.equal(isStale(null, "4"), false);
  assert.equal(isStale("3", null), false);
});

test("only regions the page has are swapped, never an empty one", () => {
  const page = { a: null, b: "5" };
  const swaps = regionsToSwap(
    { a: '<div id="a">new</div>', b: '<div id="b" data-version="4">old</div>', c: '<div id="c"></div>', d: " " },
    (id) => (id in page ? page[id] : undefined),
  );
  assert.deepEqual(swaps, [["a", '<div id="a">new</div>']]);
});

test("applyToRegions applies the same rule to a snapshot held as data", () => {
  const regions = { a: '<div id="a" data-version="5">5</div>', b: '<div id="b">b</div>' };
  const next = applyToRegions(regions, {
    a: '<div id="a" data-version="4">4</div>',
    b: '<div id="b">b2</div>',
    z: '<div id="z">not on this page</div>',
  });
  assert.deepEqual(next, { a: regions.a, b: '<div id="b">b2</div>' });
  assert.notEqual(next, regions, "a new object: the snapshot is not changed in place");
});

test("the default timers work when called as methods (a browser's setTimeout would not)", async () => {
  let resyncs = 0;
  const strict = globalThis.setTimeout;
  // Like window.setTimeout: refuses any `this` but the global object.
  globalThis.setTimeout = function (fn, ms) {
    if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
    return strict(fn, ms);
  };
  try {
    const seq = new Sequencer({ apply: () => {}, resync: () => { resyncs += 1; }, gapWaitMs: 5 });
    seq.snapshot({ seq: 1 });
    seq.event({ type: "event", seq: 3 });
  } finally {
    globalThis.setTimeout = strict;
  }
  await new Promise((resolve) => strict(resolve, 30));
  assert.equal(resyncs, 1);
});
